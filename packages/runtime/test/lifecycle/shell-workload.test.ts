import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ActrSystem, Dest, GateNotInitializedError, InternalError, PermissionDeniedError, TimeoutError, TransportError, UnknownRouteError } from "@actr/runtime";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import type { ActrRef, Dispatcher } from "@actr/runtime";
import { EchoServiceClient, EchoServiceWorkload } from "../../../../fixtures/echo/expected/echo/echo_service_actor.js";
import { EchoService } from "../../../../fixtures/echo/expected/local/echo_pb.js";
import { AppShell, Probe, ProbeWorkload } from "../support/probe-workload.js";
import { ProbeReplySchema, ProbeRequestSchema } from "../support/probe/generated/local/probe_pb.js";
import { AppShellDispatcher } from "../support/probe/generated/test/app_shell_actor.js";
import { memoryLogger, useTempDir } from "../support/temp-dir.js";

const tempDir = useTempDir();

async function startProbe(workload = new ProbeWorkload(), logger = memoryLogger()): Promise<{ ref: ActrRef; workload: ProbeWorkload; mailboxPath: string }> {
  const mailboxPath = join(tempDir(), "mailbox.db");
  const system = await ActrSystem.fromConfig({ actrType: "acme+Probe", realmId: 7, mailboxPath }, { logger });
  const ref = await system.attach(workload).start();
  return { ref, workload, mailboxPath };
}

describe("Shell -> Workload", () => {
  it("answers a generated client through the mailbox", async () => {
    const system = await ActrSystem.fromConfig({ actrType: "acme+EchoService", mailboxPath: join(tempDir(), "m.db") });
    const ref = await system
      .attach(new EchoServiceWorkload({ echo: async (req, ctx) => ({ reply: `${req.message} from ${ctx.selfId.type?.name}, caller ${String(ctx.callerId)}` }) }))
      .start();
    expect(ref.actorId().type?.name).toBe("EchoService");
    const client = new EchoServiceClient(ref);
    expect((await client.echo({ message: "hi" })).reply).toBe("hi from EchoService, caller undefined");
    expect((await ref.call(Dest.local(), EchoService.method.echo, { message: "direct" }, { timeoutMs: 5000 })).reply).toContain("direct");
    await ref.shutdown();
  });

  it("takes the realm from the config and gives a 64-bit serial", async () => {
    const { ref } = await startProbe();
    expect(ref.actorId().realm?.realmId).toBe(7);
    expect(typeof ref.actorId().serialNumber).toBe("bigint");
    await ref.shutdown();
  });

  it("raw calls and tells reach the same handlers", async () => {
    const { ref, workload } = await startProbe();
    const encode = (message: string): Uint8Array => toBinary(ProbeRequestSchema, create(ProbeRequestSchema, { message }));
    const reply = await ref.callRaw(Dest.local(), "test.Probe.Echo", encode("raw"));
    expect(fromBinary(ProbeReplySchema, reply).reply).toBe("echo:raw");
    await ref.tellRaw(Dest.local(), "test.Probe.Record", encode("t1"));
    await ref.tell(Dest.local(), Probe.method.record, { message: "t2" });
    await ref.call(Dest.local(), Probe.method.echo, { message: "after" });
    expect(workload.handled).toEqual(["echo:raw", "record:t1 caller=none", "record:t2 caller=none", "echo:after"]);
    await ref.shutdown();
  });

  it("rejects an unknown route with UnknownRouteError listing the known ones", async () => {
    const { ref } = await startProbe();
    const error = await ref.callRaw(Dest.local(), "test.Probe.Nope", new Uint8Array()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownRouteError);
    expect((error as UnknownRouteError).message).toMatch(/Unknown route "test.Probe.Nope" on test.Probe \(known: test.Probe.Echo/);
    await ref.shutdown();
  });

  it("returns a handler's ActrError as the same class and a plain Error as InternalError, and keeps serving", async () => {
    const { ref } = await startProbe();
    const denied = await ref.call(Dest.local(), Probe.method.fail, { message: "denied" }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(PermissionDeniedError);
    expect(denied).toMatchObject({ code: 10004, message: "caller may not do this" });
    const plain = await ref.call(Dest.local(), Probe.method.fail, { message: "x" }).catch((e: unknown) => e);
    expect(plain).toBeInstanceOf(InternalError);
    expect(plain).toMatchObject({ code: 10010, message: "plain failure: x" });
    expect((await ref.call(Dest.local(), Probe.method.echo, { message: "still" })).reply).toBe("echo:still");
    await ref.shutdown();
  });

  it("times out with a TimeoutError naming the route and the wait", async () => {
    const workload = new ProbeWorkload();
    const { ref } = await startProbe(workload);
    const hold = workload.holdNextBlock();
    const error = await ref.call(Dest.local(), Probe.method.block, { message: "slow" }, { timeoutMs: 30 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/test\.Probe\.Block .* within 30 ms/);
    hold.release();
    expect((await ref.call(Dest.local(), Probe.method.echo, { message: "next" })).reply).toBe("echo:next");
    await ref.shutdown();
  });

  it("handles RPC_SIGNAL before RPC_RELIABLE, FIFO within a lane", async () => {
    const workload = new ProbeWorkload();
    const { ref } = await startProbe(workload);
    const hold = workload.holdNextBlock();
    const blocked = ref.call(Dest.local(), Probe.method.block, { message: "first" });
    await hold.entered;
    const calls = [
      ref.call(Dest.local(), Probe.method.echo, { message: "r1" }),
      ref.call(Dest.local(), Probe.method.echo, { message: "r2" }),
      ref.call(Dest.local(), Probe.method.signal, { message: "s1" }),
      ref.call(Dest.local(), Probe.method.echo, { message: "r3" }),
      ref.call(Dest.local(), Probe.method.signal, { message: "s2" }),
    ];
    hold.release();
    await Promise.all([blocked, ...calls]);
    expect(workload.handled).toEqual(["block:first", "signal:s1", "signal:s2", "echo:r1", "echo:r2", "echo:r3"]);
    await ref.shutdown();
  });
});

describe("Workload -> Shell and Local", () => {
  it("serves Dest.shell() calls with the app's dispatcher", async () => {
    const { ref } = await startProbe();
    const early = await ref.call(Dest.local(), Probe.method.askShell, { message: "x" }).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(GateNotInitializedError);
    expect((early as Error).message).toContain("ref.serveShell");
    ref.serveShell(new AppShellDispatcher({ notify: async (req) => ({ reply: `shell got ${req.message}` }) }));
    expect((await ref.call(Dest.local(), Probe.method.askShell, { message: "ping" })).reply).toBe("shell got ping");
    await ref.shutdown();
  });

  it("serves Dest.shell() calls with a bytes-only dispatcher too", async () => {
    const { ref } = await startProbe();
    const shell: Dispatcher = {
      routeKeys: ["test.AppShell.Notify"],
      dispatch: async (routeKey, payload) =>
        toBinary(ProbeReplySchema, create(ProbeReplySchema, { reply: `bytes ${fromBinary(ProbeRequestSchema, payload).message} on ${routeKey}` })),
    };
    ref.serveShell(shell);
    expect(AppShell.method.notify.name).toBe("Notify");
    expect((await ref.call(Dest.local(), Probe.method.askShell, { message: "ping" })).reply).toBe("bytes ping on test.AppShell.Notify");
    await ref.shutdown();
  });

  it("delivers a handler's Dest.local() tell through the mailbox after the handler finished", async () => {
    const { ref, workload } = await startProbe();
    expect((await ref.call(Dest.local(), Probe.method.tellLocal, { message: "loop" })).reply).toBe("sent");
    await ref.call(Dest.local(), Probe.method.echo, { message: "after" });
    expect(workload.handled).toEqual(["record:loop caller=none", "echo:after"]);
    await ref.shutdown();
  });

  it("rejects Dest.actor() without a network with GateNotInitializedError", async () => {
    const { ref } = await startProbe();
    const client = new EchoServiceClient(ref, Dest.actor(ref.actorId()));
    await expect(client.echo({ message: "x" })).rejects.toBeInstanceOf(GateNotInitializedError);
    await ref.shutdown();
  });
});

describe("lifecycle", () => {
  it("attaches and starts once", async () => {
    const system = await ActrSystem.fromConfig({ actrType: "acme+Probe", mailboxPath: join(tempDir(), "m.db") });
    const node = system.attach(new ProbeWorkload());
    expect(() => system.attach(new ProbeWorkload())).toThrow(/already called/);
    const ref = await node.start();
    await expect(node.start()).rejects.toThrow(/already called/);
    await ref.shutdown();
  });

  it("rejects start with onStart's error and closes the mailbox", async () => {
    const workload = new ProbeWorkload();
    workload.onStart = async () => {
      throw new Error("cannot start");
    };
    const path = join(tempDir(), "m.db");
    const system = await ActrSystem.fromConfig({ actrType: "acme+Probe", mailboxPath: path });
    await expect(system.attach(workload).start()).rejects.toThrow("cannot start");
    // The file is closed: a new system can open it at once.
    const again = await ActrSystem.fromConfig({ actrType: "acme+Probe", mailboxPath: path });
    await (await again.attach(new ProbeWorkload()).start()).shutdown();
  });

  it("shuts down in order: stops accepting, drains what is queued in memory, runs onStop, then rejects with onStop's error", async () => {
    const workload = new ProbeWorkload();
    workload.onStopError = new Error("stop failed");
    const logger = memoryLogger();
    const { ref } = await startProbe(workload, logger);
    const hold = workload.holdNextBlock();
    const running = ref.call(Dest.local(), Probe.method.block, { message: "in progress" });
    await hold.entered;
    const queued = ref.call(Dest.local(), Probe.method.echo, { message: "queued" });
    const stopping = ref.shutdown();
    await expect(ref.call(Dest.local(), Probe.method.echo, { message: "late" })).rejects.toBeInstanceOf(TransportError);
    expect(workload.stopped).toBe(false);
    hold.release();
    await expect(running).resolves.toMatchObject({ reply: "unblocked" });
    await expect(queued).resolves.toMatchObject({ reply: "echo:queued" });
    await expect(stopping).rejects.toThrow("stop failed");
    await ref.waitForShutdown();
    expect(workload.stopped).toBe(true);
    expect(logger.lines.some((line) => line.startsWith("error onStop") && line.includes("failed"))).toBe(true);
    expect(workload.handled).toEqual(["block:in progress", "echo:queued"]);
  });

  it("stops draining at the end of the grace period: the running handler's signal fires, the rest of the queue fails", async () => {
    const workload = new ProbeWorkload();
    const { ref } = await startProbe(workload, memoryLogger());
    const hold = workload.holdNextBlock();
    const running = ref.call(Dest.local(), Probe.method.block, { message: "slow" });
    await hold.entered;
    const queued = ref.call(Dest.local(), Probe.method.echo, { message: "never" }).catch((e: unknown) => e);
    const signal = workload.lastBlockContext!.signal;
    const aborted = new Promise<unknown>((resolve) => signal.addEventListener("abort", () => resolve(signal.reason)));
    const stopping = ref.shutdown({ graceMs: 10 });
    expect(await aborted).toBeInstanceOf(TransportError);
    hold.release();
    await running;
    await stopping;
    expect(await queued).toBeInstanceOf(TransportError);
    expect(workload.handled).toEqual(["block:slow"]);
  });
});
