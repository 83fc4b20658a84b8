import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { SpanKind } from "@opentelemetry/api";
import { makeActrId, makeActrType } from "@actr/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ActrSystem, Dest, SPAN_ATTRIBUTES } from "@actr/runtime";
import { EchoServiceClient, EchoServiceWorkload } from "../../../../fixtures/echo/expected/echo/echo_service_actor.js";
import { TestSignaling } from "../network/network-fixture.js";
import { recordSpans } from "../support/otel-memory.js";
import type { SpanRecord } from "../support/otel-memory.js";
import { memoryLogger, useTempDir } from "../support/temp-dir.js";

const tempDir = useTempDir();
const repoRoot = resolve(import.meta.dirname, "../../../..");
const childScript = join(import.meta.dirname, "../support/traced-child.ts");
const ROUTE = "echo.EchoService.Echo";

/** Starts the child actor; resolves with its id once registered and a function that stops it and yields its spans. */
function startChild(signalingUrl: string): Promise<{ serial: bigint; key: string; stop: () => Promise<SpanRecord[]> }> {
  const proc = spawn(process.execPath, ["--conditions=source", "--import", "tsx", childScript, signalingUrl, tempDir()], { cwd: repoRoot });
  proc.stderr.pipe(process.stderr);
  let out = "";
  const exited = new Promise<number | null>((done) => proc.once("exit", done));
  const stop = async (): Promise<SpanRecord[]> => {
    proc.kill("SIGTERM");
    const code = await exited;
    const line = out.split("\n").find((l) => l.startsWith("SPANS "));
    if (line === undefined) throw new Error(`child exited (${code}) without its spans; stdout: ${out}`);
    return JSON.parse(line.slice("SPANS ".length)) as SpanRecord[];
  };
  return new Promise((ready, fail) => {
    proc.stdout.on("data", (data: Buffer) => {
      out += data.toString();
      const match = /READY (\S+) (\d+)\n/.exec(out);
      if (match !== null) ready({ key: match[1]!, serial: BigInt(match[2]!), stop });
    });
    void exited.then((code) => fail(new Error(`child exited (${code}) before READY; stdout: ${out}`)));
  });
}

describe("OpenTelemetry spans across two actors in two processes", () => {
  const signaling = new TestSignaling();
  beforeAll(() => signaling.start());
  afterAll(() => signaling.stop());

  it("records one trace: client and server spans in each process, linked by the envelope's traceparent", async () => {
    const spans = recordSpans();
    const child = await startChild(signaling.server.wsUrl);
    const childId = makeActrId(1, child.serial, makeActrType("acme", "TracedEcho"));
    const system = await ActrSystem.fromConfig({ actrType: "acme+TracingFront", baseDir: tempDir(), realmId: 1, signaling: signaling.server.wsUrl }, { logger: memoryLogger() });
    const front = await system
      .attach(new EchoServiceWorkload({ echo: (req, ctx) => new EchoServiceClient(ctx, Dest.actor(childId)).echo({ message: req.message }) }))
      .start();
    const reply = await new EchoServiceClient(front).echo({ message: "traced" });
    await front.shutdown();
    const remote = await child.stop();
    const local = spans.finished();

    // Here: the app's call into the workload, the workload's handler, its call to the child.
    const appCall = local.find((s) => s.kind === SpanKind.CLIENT && s.attributes[SPAN_ATTRIBUTES.peer] === undefined);
    const handler = local.find((s) => s.kind === SpanKind.SERVER);
    const outgoing = local.find((s) => s.kind === SpanKind.CLIENT && s.attributes[SPAN_ATTRIBUTES.peer] === child.key);
    // There: the child's handler.
    const remoteHandler = remote.find((s) => s.kind === SpanKind.SERVER);
    expect([appCall, handler, outgoing, remoteHandler].every((s) => s !== undefined)).toBe(true);
    const traceId = appCall!.traceId;
    expect([handler!.traceId, outgoing!.traceId, remoteHandler!.traceId]).toEqual([traceId, traceId, traceId]);
    expect(handler!.parentSpanId).toBe(appCall!.spanId);
    expect(outgoing!.parentSpanId).toBe(handler!.spanId);
    expect(remoteHandler!.parentSpanId).toBe(outgoing!.spanId);
    expect(reply.reply).toBe(`traced in ${traceId}`);
    expect(remoteHandler!.attributes).toMatchObject({ [SPAN_ATTRIBUTES.routeKey]: ROUTE, [SPAN_ATTRIBUTES.lane]: "RPC_RELIABLE" });
    expect(remoteHandler!.attributes[SPAN_ATTRIBUTES.peer]).toMatch(/acme:TracingFront/);
  });
});
