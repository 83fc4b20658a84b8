// What a call carries besides its payload: the caller's trace, and the actors waiting for it
// (a handler that awaits a call to an actor already waiting for it fails at once).
import { describe, expect, it } from "vitest";
import type { ActrId } from "@actr/protocol";
import { ActrSystem, Dest, InMemoryHub, InvalidArgumentError } from "@actr/runtime";
import type { ActrRef, Context } from "@actr/runtime";
import { Probe, ProbeHandlerImpl, ProbeWorkload } from "../support/probe-workload.js";
import type { ProbeRequest } from "../support/probe/generated/local/probe_pb.js";
import { memoryLogger, useTempDir } from "../support/temp-dir.js";

const tempDir = useTempDir();

/** Echo forwards to `next` (another actor, or Dest.local()) when set, and notes the trace of each message. */
class RelayHandler extends ProbeHandlerImpl {
  next: (() => Dest) | undefined;
  readonly traces: string[] = [];
  lastContext: Context | undefined;

  // The base class's echo takes no Context; the generated workload always passes one.
  override async echo(req: ProbeRequest, ctx?: Context): Promise<{ reply: string }> {
    if (ctx === undefined) throw new Error("echo needs its Context");
    this.traces.push(ctx.traceId);
    this.lastContext = ctx;
    if (this.next === undefined) return { reply: `end:${req.message}` };
    const reply = await ctx.call(this.next(), Probe.method.echo, { message: req.message });
    return { reply: `via:${reply.reply}` };
  }
}

async function start(name: string, handler: RelayHandler, hub?: InMemoryHub): Promise<ActrRef> {
  const system = await ActrSystem.fromConfig(
    { actrType: `acme+${name}`, baseDir: tempDir(), signaling: hub === undefined ? undefined : "ws://127.0.0.1:1/signaling/ws" },
    { network: hub?.starter() ?? false, logger: memoryLogger() },
  );
  return system.attach(new ProbeWorkload(handler)).start();
}

describe("self-calls fail fast", () => {
  it("rejects a handler's call to Dest.local() at once, naming the route and suggesting tell or a stream", async () => {
    const handler = new RelayHandler();
    handler.next = () => Dest.local();
    const ref = await start("Loop", handler);
    const error = await ref.call(Dest.local(), Probe.method.echo, { message: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(/test\.Probe\.Echo.*own workload/);
    expect((error as Error).message).toMatch(/tell.*data stream/);
    expect(handler.traces).toHaveLength(1);
    await ref.shutdown();
  });

  it("rejects a call that comes back to an actor whose handler waits for it, through another actor", async () => {
    const hub = new InMemoryHub();
    const a = new RelayHandler();
    const b = new RelayHandler();
    const refA = await start("A", a, hub);
    const refB = await start("B", b, hub);
    const idA: ActrId = refA.actorId();
    a.next = () => Dest.actor(refB.actorId());
    b.next = () => Dest.actor(idA);
    const error = await refA.call(Dest.local(), Probe.method.echo, { message: "round" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toContain("whose handler is waiting for this call");
    // B ran once and refused the call back; A's handler never ran a second time.
    expect([a.traces.length, b.traces.length]).toEqual([1, 1]);
    await refB.shutdown();
    await refA.shutdown();
  });

  it("lets work a handler left running call its own workload once the handler has returned", async () => {
    const handler = new RelayHandler();
    const ref = await start("Later", handler);
    await ref.call(Dest.local(), Probe.method.echo, { message: "first" });
    const later = await handler.lastContext!.call(Dest.local(), Probe.method.echo, { message: "later" });
    expect(later.reply).toBe("end:later");
    // The later call continues the trace of the message that left the work running.
    expect(handler.traces).toEqual([handler.traces[0], handler.traces[0]]);
    await ref.shutdown();
  });

  it("still lets a handler call another actor and tell itself", async () => {
    const hub = new InMemoryHub();
    const a = new RelayHandler();
    const b = new RelayHandler();
    const refA = await start("A2", a, hub);
    const refB = await start("B2", b, hub);
    a.next = () => Dest.actor(refB.actorId());
    expect((await refA.call(Dest.local(), Probe.method.echo, { message: "m" })).reply).toBe("via:end:m");
    expect((await refA.call(Dest.local(), Probe.method.tellLocal, { message: "t" })).reply).toBe("sent");
    await refB.shutdown();
    await refA.shutdown();
  });
});

describe("trace context", () => {
  it("continues the caller's trace in the handlers of every actor the call reaches", async () => {
    const hub = new InMemoryHub();
    const a = new RelayHandler();
    const b = new RelayHandler();
    const c = new RelayHandler();
    const refA = await start("TA", a, hub);
    const refB = await start("TB", b, hub);
    const refC = await start("TC", c, hub);
    a.next = () => Dest.actor(refB.actorId());
    b.next = () => Dest.actor(refC.actorId());
    await refA.call(Dest.local(), Probe.method.echo, { message: "1" });
    await refA.call(Dest.local(), Probe.method.echo, { message: "2" });
    const [first, second] = a.traces;
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(b.traces).toEqual([first, second]);
    expect(c.traces).toEqual([first, second]);
    // Each call from the app starts a trace of its own.
    expect(second).not.toBe(first);
    await Promise.all([refA.shutdown(), refB.shutdown(), refC.shutdown()]);
  });
});
