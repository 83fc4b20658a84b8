/** A W3C trace context: the span a call belongs to, as `traceparent` (and `tracestate`) carry it. */
export interface TraceContext {
  /** 32 lowercase hex digits, not all zero. */
  readonly traceId: string;
  /** 16 lowercase hex digits, not all zero. */
  readonly spanId: string;
  /** Bit 0: sampled. */
  readonly flags: number;
  readonly tracestate?: string | undefined;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;
const ZERO_TRACE = "0".repeat(32);
const ZERO_SPAN = "0".repeat(16);

/** The context of a `traceparent` header; undefined when it is absent or malformed (a new trace starts then). */
export function parseTraceparent(traceparent: string | undefined, tracestate?: string): TraceContext | undefined {
  if (traceparent === undefined) return undefined;
  const match = TRACEPARENT.exec(traceparent.trim().toLowerCase());
  if (match === null) return undefined;
  const [, version, traceId, spanId, flags] = match as unknown as [string, string, string, string, string];
  // Version ff is forbidden; unknown newer versions are read as version 00.
  if (version === "ff" || traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, flags: Number.parseInt(flags, 16), tracestate: tracestate === "" ? undefined : tracestate };
}

export function formatTraceparent(context: TraceContext): string {
  return `00-${context.traceId}-${context.spanId}-${(context.flags & 0xff).toString(16).padStart(2, "0")}`;
}

/** A span under `parent` (same trace, new span id), or the first span of a new sampled trace. */
export function childSpan(parent: TraceContext | undefined): TraceContext {
  if (parent === undefined) return { traceId: randomHex(16), spanId: randomHex(8), flags: 1 };
  return { traceId: parent.traceId, spanId: randomHex(8), flags: parent.flags, tracestate: parent.tracestate };
}

function randomHex(bytes: number): string {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  // An all-zero id is invalid; make the last byte non-zero in that (unlikely) case.
  if (values.every((value) => value === 0)) values[bytes - 1] = 1;
  let hex = "";
  for (const value of values) hex += value.toString(16).padStart(2, "0");
  return hex;
}
