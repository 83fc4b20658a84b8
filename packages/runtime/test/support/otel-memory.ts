// OpenTelemetry's SDK with its in-memory exporter, registered as the global tracer provider.
import { trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { ReadableSpan, SpanProcessor } from "@opentelemetry/sdk-trace-base";

/** What a test compares of a finished span. */
export interface SpanRecord {
  readonly name: string;
  readonly kind: number;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly attributes: Record<string, unknown>;
  /** SpanStatusCode: UNSET 0, OK 1, ERROR 2. */
  readonly status: number;
}

export interface RecordedSpans {
  finished(): SpanRecord[];
  /** Resolves with the first finished span that `match` accepts, once it has ended. */
  whenFinished(match: (span: SpanRecord) => boolean): Promise<SpanRecord>;
}

export function recordSpans(): RecordedSpans {
  const exporter = new InMemorySpanExporter();
  const waiters = new Set<() => void>();
  // After the exporter's processor (which exports synchronously to memory): wakes the waiters.
  const notifier: SpanProcessor = {
    onStart: () => undefined,
    onEnd: () => [...waiters].forEach((wake) => wake()),
    forceFlush: async () => undefined,
    shutdown: async () => undefined,
  };
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter), notifier] }));
  const finished = (): SpanRecord[] => exporter.getFinishedSpans().map(toRecord);
  return {
    finished,
    whenFinished: (match) =>
      new Promise((resolve) => {
        const wake = (): void => {
          const span = finished().find(match);
          if (span === undefined) return;
          waiters.delete(wake);
          resolve(span);
        };
        waiters.add(wake);
        wake();
      }),
  };
}

function toRecord(span: ReadableSpan): SpanRecord {
  const { traceId, spanId } = span.spanContext();
  return {
    name: span.name,
    kind: span.kind,
    traceId,
    spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    attributes: { ...span.attributes },
    status: span.status.code,
  };
}
