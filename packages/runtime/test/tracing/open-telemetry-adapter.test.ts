import { join } from "node:path";
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { ActrSystem, Dest, PermissionDeniedError, SPAN_ATTRIBUTES } from "@actr/runtime";
import { openTelemetryTracer } from "../../src/tracing/open-telemetry.js";
import { Probe, ProbeWorkload } from "../support/probe-workload.js";
import { memoryLogger, useTempDir } from "../support/temp-dir.js";

const tempDir = useTempDir();
const INFO = { routeKey: "t.S.M", peer: undefined, lane: "RPC_RELIABLE" };
const exporter = new InMemorySpanExporter();

describe("the OpenTelemetry adapter", () => {
  it("records nothing until a tracer provider is registered, then a span per call and per handled message with the error code", async () => {
    const tracer = await openTelemetryTracer();
    expect(tracer).toBeDefined();
    expect(tracer!.client(undefined, INFO)).toBeUndefined();
    expect(tracer!.server(undefined, INFO)).toBeUndefined();

    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    const system = await ActrSystem.fromConfig({ actrType: "acme+Traced", mailboxPath: join(tempDir(), "m.db") }, { logger: memoryLogger() });
    const ref = await system.attach(new ProbeWorkload()).start();
    await expect(ref.call(Dest.local(), Probe.method.fail, { message: "denied" })).rejects.toBeInstanceOf(PermissionDeniedError);
    await ref.shutdown();

    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => [span.name, span.kind]).sort()).toEqual([
      ["test.Probe.Fail", SpanKind.SERVER],
      ["test.Probe.Fail", SpanKind.CLIENT],
    ]);
    for (const span of spans) {
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.attributes).toMatchObject({ [SPAN_ATTRIBUTES.routeKey]: "test.Probe.Fail", [SPAN_ATTRIBUTES.lane]: "RPC_RELIABLE", [SPAN_ATTRIBUTES.errorCode]: PermissionDeniedError.code });
    }
  });

  it("records nothing with tracer: false, though a provider is registered", async () => {
    const system = await ActrSystem.fromConfig({ actrType: "acme+Untraced", mailboxPath: join(tempDir(), "m.db") }, { logger: memoryLogger(), tracer: false });
    const ref = await system.attach(new ProbeWorkload()).start();
    const before = exporter.getFinishedSpans().length;
    expect(before).toBeGreaterThan(0);
    await ref.call(Dest.local(), Probe.method.echo, { message: "x" });
    await ref.shutdown();
    expect(exporter.getFinishedSpans()).toHaveLength(before);
  });
});
