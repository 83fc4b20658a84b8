import { join } from "node:path";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Direction, RpcEnvelopeSchema, makeActrId, makeActrType } from "@actr/protocol";
import type { ActrId } from "@actr/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ActrSystem, Dest, InMemoryHub, PayloadType, TimeoutError, TransportError } from "@actr/runtime";
import type { ActrRef, InboundSink, NetworkStarter, Workload } from "@actr/runtime";
import { Probe, ProbeWorkload } from "../support/probe-workload.js";
import { ProbeRequestSchema } from "../support/probe/generated/local/probe_pb.js";
import { AppShellDispatcher } from "../support/probe/generated/test/app_shell_actor.js";
import { deferred } from "../support/deferred.js";
import { memoryLogger, useTempDir } from "../support/temp-dir.js";

const tempDir = useTempDir();
const SIGNALING = "ws://127.0.0.1:1/signaling/ws";

// Timers and clocks are fake; setImmediate stays real, so the mailbox commits and the hub delivers.
beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date", "performance"] }));
afterEach(() => vi.useRealTimers());

async function startLocal(workload: ProbeWorkload): Promise<ActrRef> {
  const system = await ActrSystem.fromConfig({ actrType: "acme+Probe", mailboxPath: join(tempDir(), "m.db") }, { logger: memoryLogger() });
  return system.attach(workload).start();
}

async function startOnHub(hub: InMemoryHub, actrType: string, workload: Workload): Promise<ActrRef> {
  const system = await ActrSystem.fromConfig({ actrType, baseDir: tempDir(), mailboxPath: "m.db", signaling: SIGNALING }, { network: hub.starter(), logger: memoryLogger() });
  return system.attach(workload).start();
}

describe("ctx.deadline and ctx.signal", () => {
  it("give the handler its caller's deadline, and the signal fires when it passes", async () => {
    const workload = new ProbeWorkload();
    const ref = await startLocal(workload);
    const hold = workload.holdNextBlock();
    const started = Date.now();
    const call = ref.call(Dest.local(), Probe.method.block, { message: "slow" }, { timeoutMs: 1000 }).catch((e: unknown) => e);
    await hold.entered;
    const ctx = workload.lastBlockContext;
    expect(ctx?.deadline).toBe(started + 1000);
    const signal = ctx?.signal as AbortSignal;
    await vi.advanceTimersByTimeAsync(999);
    expect(signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(TimeoutError);
    expect(await call).toBeInstanceOf(TimeoutError);
    hold.release();
    await ref.shutdown();
  });

  it("fires when the caller cancels; the call rejects with a TimeoutError that says so", async () => {
    const workload = new ProbeWorkload();
    const ref = await startLocal(workload);
    const hold = workload.holdNextBlock();
    const controller = new AbortController();
    const call = ref.call(Dest.local(), Probe.method.block, { message: "x" }, { signal: controller.signal }).catch((e: unknown) => e);
    await hold.entered;
    const signal = workload.lastBlockContext?.signal as AbortSignal;
    controller.abort(new Error("user left"));
    const error = await call;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 10002 });
    expect((error as Error).message).toMatch(/test\.Probe\.Block .* cancelled by its caller: user left/);
    expect(signal.aborted).toBe(true);
    hold.release();
    await ref.shutdown();
  });

  it("fires at shutdown, once the grace period is over, with a TransportError", async () => {
    const workload = new ProbeWorkload();
    const ref = await startLocal(workload);
    const hold = workload.holdNextBlock();
    const call = ref.call(Dest.local(), Probe.method.block, { message: "x" });
    await hold.entered;
    const signal = workload.lastBlockContext?.signal as AbortSignal;
    const stopping = ref.shutdown({ graceMs: 1000 });
    await vi.advanceTimersByTimeAsync(999);
    expect(signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(TransportError);
    hold.release();
    await call;
    await stopping;
  });

  it("does not run a queued request whose caller cancelled, and counts it", async () => {
    const workload = new ProbeWorkload();
    const ref = await startLocal(workload);
    const hold = workload.holdNextBlock();
    const first = ref.call(Dest.local(), Probe.method.block, { message: "first" });
    await hold.entered;
    const controller = new AbortController();
    const queued = ref.call(Dest.local(), Probe.method.echo, { message: "never" }, { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    expect(await queued).toBeInstanceOf(TimeoutError);
    hold.release();
    await first;
    await ref.call(Dest.local(), Probe.method.echo, { message: "after" });
    expect(workload.handled).toEqual(["block:first", "echo:after"]);
    expect(ref.skippedRequests()).toEqual({ expired: 0, cancelled: 1 });
    await ref.shutdown();
  });

  it("passes on: a handler that hands its signal to a shell call cancels that call too", async () => {
    const workload = new ProbeWorkload();
    const ref = await startLocal(workload);
    const entered = deferred();
    let shellSignal: AbortSignal | undefined;
    ref.serveShell(
      new AppShellDispatcher({
        notify: async (_req, ctx) => {
          shellSignal = ctx.signal;
          entered.resolve();
          await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
          return { reply: "too late" };
        },
      }),
    );
    const controller = new AbortController();
    const call = ref.call(Dest.local(), Probe.method.askShell, { message: "x" }, { signal: controller.signal }).catch((e: unknown) => e);
    await entered.promise;
    controller.abort();
    expect(await call).toBeInstanceOf(TimeoutError);
    await vi.waitFor(() => expect(shellSignal?.aborted).toBe(true));
    expect(shellSignal?.reason).toBeInstanceOf(TimeoutError);
    await ref.shutdown();
  });

  it("reaches a remote handler: a cancelled call tells the callee, whose signal fires", async () => {
    const hub = new InMemoryHub();
    const workload = new ProbeWorkload();
    const server = await startOnHub(hub, "acme+Probe", workload);
    const client = await startOnHub(hub, "acme+Client", new ProbeWorkload());
    const hold = workload.holdNextBlock();
    const controller = new AbortController();
    const call = client.call(Dest.actor(server.actorId()), Probe.method.block, { message: "remote" }, { signal: controller.signal }).catch((e: unknown) => e);
    await hold.entered;
    const signal = workload.lastBlockContext?.signal as AbortSignal;
    controller.abort();
    expect(await call).toBeInstanceOf(TimeoutError);
    await vi.waitFor(() => expect(signal.aborted).toBe(true));
    expect(signal.reason).toBeInstanceOf(TimeoutError);
    hold.release();
    await client.shutdown();
    await server.shutdown();
  });
});

describe("a request claimed after its deadline", () => {
  it("is answered with a timed-out error without running, and counted", async () => {
    const peer = makeActrId(1, 99n, makeActrType("test", "Peer", "1"));
    const replies: Uint8Array[] = [];
    let sink: InboundSink = () => undefined;
    const network: NetworkStarter = async (config) => ({
      actorId: makeActrId(config.realmId, 1n, config.actrType),
      transport: { send: async (_target: ActrId, _lane: PayloadType, data: Uint8Array) => void replies.push(data), setSink: (s) => void (sink = s), close: async () => undefined },
      discover: () => Promise.reject(new Error("no discovery here")),
      close: async () => undefined,
    });
    const workload = new ProbeWorkload();
    const system = await ActrSystem.fromConfig({ actrType: "acme+Probe", mailboxPath: join(tempDir(), "m.db"), signaling: SIGNALING }, { network, logger: memoryLogger() });
    const ref = await system.attach(workload).start();
    // The State Path is busy while the remote request waits in the mailbox past its deadline.
    const hold = workload.holdNextBlock();
    const busy = ref.call(Dest.local(), Probe.method.block, { message: "busy" });
    await hold.entered;
    const payload = toBinary(ProbeRequestSchema, create(ProbeRequestSchema, { message: "late" }));
    const request = create(RpcEnvelopeSchema, { routeKey: "test.Probe.Echo", payload, direction: Direction.REQUEST, requestId: "7d4f3c2e-0000-4000-8000-000000000001", timeoutMs: 1000n });
    sink(peer, PayloadType.RPC_RELIABLE, toBinary(RpcEnvelopeSchema, request));
    await vi.advanceTimersByTimeAsync(1500);
    hold.release();
    await busy;
    await vi.waitFor(() => expect(replies).toHaveLength(1));
    const reply = fromBinary(RpcEnvelopeSchema, replies[0] as Uint8Array);
    expect(reply.requestId).toBe(request.requestId);
    expect(reply.error?.code).toBe(10002);
    expect(reply.error?.message).toMatch(/deadline passed before it was claimed/);
    expect(workload.handled).toEqual(["block:busy"]);
    expect(ref.skippedRequests()).toEqual({ expired: 1, cancelled: 0 });
    await ref.shutdown();
  });
});
