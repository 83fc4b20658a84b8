import type { PayloadType } from "../common/payload-type.js";

export const DEFAULT_CALL_TIMEOUT_MS = 30_000;

export interface CallOptions {
  /** How long to wait for the response; default 30000. The callee sees it as `ctx.deadline`. */
  readonly timeoutMs?: number;
  /** Overrides the method's lane. */
  readonly payloadType?: PayloadType;
  /**
   * Cancels the call: it rejects with a TimeoutError (the caller's deadline, brought forward) and
   * the callee's `ctx.signal` fires.
   */
  readonly signal?: AbortSignal;
}

export interface TellOptions {
  readonly payloadType?: PayloadType;
}

export interface StreamOptions {
  /** STREAM_RELIABLE (default) or STREAM_LATENCY_FIRST. */
  readonly payloadType?: PayloadType;
}
