import type { TraceContext } from "./trace-context.js";

/** What a span of an RPC records (OpenTelemetry attribute names in SPAN_ATTRIBUTES). */
export interface RpcSpanInfo {
  readonly routeKey: string;
  /** The other actor, as actrIdToString; undefined for the app and the workload itself. */
  readonly peer: string | undefined;
  /** The lane's name, e.g. RPC_RELIABLE. */
  readonly lane: string;
}

export const SPAN_ATTRIBUTES = {
  routeKey: "actr.route_key",
  peer: "actr.peer",
  lane: "actr.lane",
  errorCode: "actr.error_code",
} as const;

/** An open span; `context` is what goes into `traceparent`. */
export interface RpcSpan {
  readonly context: TraceContext;
  /** Ends the span, failed with the ActrError code when `errorCode` is given. */
  end(errorCode?: number, message?: string): void;
}

/**
 * Opens a span per outgoing call (client) and per handled message (server). The runtime has one
 * only when a tracing library is installed and enabled (see the Node entry's OpenTelemetry
 * adapter); without it trace context is still passed on, with no span recorded.
 */
export interface CallTracer {
  /** `parent` undefined: the tracer's own current context (e.g. the app's active span), else a new trace. */
  client(parent: TraceContext | undefined, info: RpcSpanInfo): RpcSpan | undefined;
  server(parent: TraceContext | undefined, info: RpcSpanInfo): RpcSpan | undefined;
}
