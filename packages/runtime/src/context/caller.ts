import type { Dest } from "../common/dest.js";
import type { RequestOf, ResponseOf, RpcMethod } from "../workload/rpc-method.js";
import type { StreamInput, StreamMethod, StreamOutput } from "../streaming/stream-method.js";
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
  /**
   * Typed streaming call: a server stream takes one request, client and bidi streams an
   * AsyncIterable (or array) of requests; server and bidi streams give an AsyncIterable of
   * responses (leaving its `for await` early cancels the call), a client stream its one response.
   * `timeoutMs` covers the whole stream.
   */
  stream<M extends StreamMethod>(dest: Dest, method: M, input: StreamInput<M>, options?: CallOptions): StreamOutput<M>;
}
