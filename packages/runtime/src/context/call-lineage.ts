import type { TraceContext } from "../tracing/trace-context.js";

/**
 * What a request carries about the call it is part of, besides its payload: the caller's trace
 * context (on the wire: `traceparent` / `tracestate`) and the actors whose State Path waits for its
 * reply.
 */
export interface CallLineage {
  /** The span of the caller that made this request. */
  readonly trace?: TraceContext | undefined;
  /**
   * actrIdToString of each actor with a handler that awaits this request, outermost first. A
   * request to one of them would queue behind that handler until its timeout.
   */
  readonly waiting?: readonly string[] | undefined;
}

/** The RpcEnvelope metadata entry that holds CallLineage.waiting, its ids separated by spaces. */
export const WAITING_KEY = "actr-waiting";

export function encodeWaiting(waiting: readonly string[] | undefined): string | undefined {
  return waiting === undefined || waiting.length === 0 ? undefined : waiting.join(" ");
}

export function decodeWaiting(value: string | undefined): readonly string[] | undefined {
  return value === undefined || value === "" ? undefined : value.split(" ");
}
