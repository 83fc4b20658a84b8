import type { Attributes, Span, SpanKind, Tracer } from "@opentelemetry/api";
import type { CallTracer, RpcSpan, RpcSpanInfo } from "./call-tracer.js";
import { SPAN_ATTRIBUTES } from "./call-tracer.js";
import type { TraceContext } from "./trace-context.js";

type OpenTelemetryApi = typeof import("@opentelemetry/api");

/**
 * A CallTracer on OpenTelemetry when `@opentelemetry/api` is installed (an optional peer
 * dependency, loaded here once), else undefined. Spans are recorded once the app registers a
 * tracer provider, even after this call; until then the API hands out non-recording spans and the
 * runtime records nothing.
 */
export async function openTelemetryTracer(): Promise<CallTracer | undefined> {
  let api: OpenTelemetryApi;
  try {
    api = await import("@opentelemetry/api");
  } catch {
    return undefined;
  }
  return new OpenTelemetryTracer(api);
}

class OpenTelemetryTracer implements CallTracer {
  readonly #tracer: Tracer;

  constructor(private readonly api: OpenTelemetryApi) {
    this.#tracer = api.trace.getTracer("@actr/runtime");
  }

  client(parent: TraceContext | undefined, info: RpcSpanInfo): RpcSpan | undefined {
    return this.#start(this.api.SpanKind.CLIENT, parent, info);
  }

  server(parent: TraceContext | undefined, info: RpcSpanInfo): RpcSpan | undefined {
    return this.#start(this.api.SpanKind.SERVER, parent, info);
  }

  #start(kind: SpanKind, parent: TraceContext | undefined, info: RpcSpanInfo): RpcSpan | undefined {
    const { api } = this;
    const attributes: Attributes = { [SPAN_ATTRIBUTES.routeKey]: info.routeKey, [SPAN_ATTRIBUTES.lane]: info.lane };
    if (info.peer !== undefined) attributes[SPAN_ATTRIBUTES.peer] = info.peer;
    const span = this.#tracer.startSpan(info.routeKey, { kind, attributes }, this.#parentContext(parent));
    if (!span.isRecording()) return undefined;
    const context = span.spanContext();
    return {
      context: { traceId: context.traceId, spanId: context.spanId, flags: context.traceFlags, tracestate: context.traceState?.serialize() ?? parent?.tracestate },
      end: (errorCode, message) => endSpan(api, span, errorCode, message),
    };
  }

  /** The caller's span as the parent; without one, the app's active context (e.g. its own span). */
  #parentContext(parent: TraceContext | undefined): ReturnType<OpenTelemetryApi["context"]["active"]> {
    const { api } = this;
    if (parent === undefined) return api.context.active();
    return api.trace.setSpanContext(api.ROOT_CONTEXT, {
      traceId: parent.traceId,
      spanId: parent.spanId,
      traceFlags: parent.flags,
      isRemote: true,
      traceState: parent.tracestate === undefined ? undefined : api.createTraceState(parent.tracestate),
    });
  }
}

function endSpan(api: OpenTelemetryApi, span: Span, errorCode: number | undefined, message: string | undefined): void {
  if (errorCode !== undefined) {
    span.setAttribute(SPAN_ATTRIBUTES.errorCode, errorCode);
    span.setStatus({ code: api.SpanStatusCode.ERROR, message });
  }
  span.end();
}
