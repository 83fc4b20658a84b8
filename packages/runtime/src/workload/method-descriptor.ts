import type { PayloadType } from "../common/payload-type.js";
import type { MessageCodec } from "./message-codec.js";

/** How a method exchanges messages. Only unary methods travel over RPC lanes. */
export type MethodKind = "unary";

/**
 * One rpc of a service, as data: generated code declares one per method, and both the typed
 * client and the dispatcher read it, so the route key, lane and codecs live in one place.
 */
export interface MethodDescriptor<Req = unknown, Res = unknown, ReqInit = Req, ResInit = Res> {
  /** `<package>.<Service>.<Method>`, or `<Service>.<Method>` without a package. */
  readonly routeKey: string;
  /** The proto method name, e.g. "Echo". */
  readonly name: string;
  readonly kind: MethodKind;
  readonly payloadType: PayloadType;
  readonly input: MessageCodec<Req, ReqInit>;
  readonly output: MessageCodec<Res, ResInit>;
}

/** A service as data: its proto name and its methods by local (camelCase) name. */
export interface ServiceDescriptor {
  /** Fully-qualified proto name, e.g. "echo.EchoService". */
  readonly typeName: string;
  readonly method: Readonly<Record<string, MethodDescriptor<never, unknown, never, never>>>;
}
