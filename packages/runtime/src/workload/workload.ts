import type { Context } from "../context/context.js";
import type { StreamRoute } from "../streaming/stream-method.js";

/** Runs the handler of one of its routes. */
export interface Dispatcher {
  /** Every route key this dispatcher answers. */
  readonly routeKeys: readonly string[];
  /** The bytes path (remote and raw calls): decode the request, run the handler, encode its response. */
  dispatch(routeKey: string, payload: Uint8Array, ctx: Context): Promise<Uint8Array>;
  /**
   * The in-process path of typed calls: the request object in, the response object out, nothing
   * encoded. Dispatchers without it are called through `dispatch`.
   */
  handle?(routeKey: string, request: unknown, ctx: Context): Promise<unknown>;
  /** The streaming route of `routeKey` (server, client or bidi stream), or undefined for a unary or unknown one. */
  streamRoute?(routeKey: string): StreamRoute | undefined;
}

/**
 * What `ActrSystem.attach()` takes: generated `<Service>Workload` classes compose the user's
 * handler with the generated dispatcher and forward the lifecycle hooks.
 */
export interface Workload extends Dispatcher {
  /** The protos this workload serves, published to signaling at registration. */
  readonly spec?: ExportedService;
  onStart?(ctx: Context): Promise<void>;
  onStop?(ctx: Context): Promise<void>;
}

/** A proto file of an exported service, embedded by `actr gen`. */
export interface ExportedProto {
  /** The proto package; `actr install` names the file after it (`<package>.proto`, or a distinct name where other files share the package). */
  readonly package: string;
  /** `semantic:<sha256 hex>` of the file's canonical descriptor. */
  readonly fingerprint: string;
  readonly content: string;
}

/** What an actor publishes about its service (ServiceSpec on the wire). */
export interface ExportedService {
  /** The service's full name (`acme.v2.UserService`); `actr install` looks the spec up by it or by actr type. */
  readonly name: string;
  /** `service_semantic:<sha256 hex>` over the protos. */
  readonly fingerprint: string;
  readonly protos: readonly ExportedProto[];
}
