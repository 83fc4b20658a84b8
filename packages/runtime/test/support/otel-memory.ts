// OpenTelemetry's SDK with its in-memory exporter, registered as the global tracer provider.
import { trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";

/** What a test compares of a finished span. */
export interface SpanRecord {
  readonly name: string;
  readonly kind: number;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly attributes: Record<string, unknown>;
}

export function recordSpans(): { finished: () => SpanRecord[] } {
  const exporter = new InMemorySpanExporter();
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  return { finished: () => exporter.getFinishedSpans().map(toRecord) };
}

function toRecord(span: ReadableSpan): SpanRecord {
  const { traceId, spanId } = span.spanContext();
  return { name: span.name, kind: span.kind, traceId, spanId, parentSpanId: span.parentSpanContext?.spanId, attributes: { ...span.attributes } };
}
