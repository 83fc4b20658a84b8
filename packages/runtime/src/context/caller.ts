import type { Dest } from "../common/dest.js";
import type { RequestOf, ResponseOf, RpcMethod } from "../workload/rpc-method.js";
import type { CallOptions, TellOptions } from "./call-options.js";

/**
 * The one way to call: a handler's Context and the app's ActrRef both offer it, and generated
 * clients take either. Typed calls name a method descriptor (`EchoService.method.echo`); raw
 * calls a route key and bytes.
 */
export interface Caller {
  /** Typed request; resolves to the response message. */
  call<M extends RpcMethod>(dest: Dest, method: M, request: RequestOf<M>, options?: CallOptions): Promise<ResponseOf<M>>;
  /** Typed fire-and-forget message; resolves once it is handed over. */
  tell<M extends RpcMethod>(dest: Dest, method: M, message: RequestOf<M>, options?: TellOptions): Promise<void>;
  /** Untyped request: encoded payload in, encoded response out. */
  callRaw(dest: Dest, routeKey: string, payload: Uint8Array, options?: CallOptions): Promise<Uint8Array>;
  tellRaw(dest: Dest, routeKey: string, payload: Uint8Array, options?: TellOptions): Promise<void>;
}
