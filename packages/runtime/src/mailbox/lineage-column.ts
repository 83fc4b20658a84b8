import type { CallLineage } from "../context/call-lineage.js";
import { formatTraceparent, parseTraceparent } from "../tracing/trace-context.js";

/** The `lineage` column of the mailbox: a message's CallLineage as JSON, NULL when it has none. */
export function lineageToColumn(lineage: CallLineage | undefined): string | null {
  if (lineage === undefined) return null;
  const { trace, waiting } = lineage;
  return JSON.stringify({ traceparent: trace === undefined ? undefined : formatTraceparent(trace), tracestate: trace?.tracestate, waiting });
}

export function lineageFromColumn(text: string | null): CallLineage | undefined {
  if (text === null) return undefined;
  const stored = JSON.parse(text) as { traceparent?: string; tracestate?: string; waiting?: string[] };
  return { trace: parseTraceparent(stored.traceparent, stored.tracestate), waiting: stored.waiting };
}
