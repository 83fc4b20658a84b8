// A handler of the test.Probe service (support/probe/protos) whose routes exercise the runtime:
// lanes, blocking, errors, shell and local calls.
import { Dest, PermissionDeniedError } from "@actr/runtime";
import type { Context } from "@actr/runtime";
import { deferred } from "./deferred.js";
import { AppShell, Probe } from "./probe/generated/local/probe_pb.js";
import type { ProbeReply, ProbeRequest } from "./probe/generated/local/probe_pb.js";
import { ProbeWorkload as GeneratedProbeWorkload } from "./probe/generated/test/probe_actor.js";
import type { ProbeHandler } from "./probe/generated/test/probe_actor.js";

export { AppShell, Probe };

type Reply = Promise<ProbeReply | { reply?: string }>;

/** Records what it handled, in order; `block` waits until `release()`. */
export class ProbeHandlerImpl implements ProbeHandler {
  readonly handled: string[] = [];
  started = false;
  stopped = false;
  onStopError: Error | undefined;
  /** The Context of the last Block call, to see its deadline and signal. */
  lastBlockContext: Context | undefined;
  #gate: { entered: () => void; released: Promise<void> } | undefined;

  /** The next Block call waits until `release()`; `entered` resolves once it runs. */
  holdNextBlock(): { entered: Promise<void>; release: () => void } {
    const entered = deferred();
    const released = deferred();
    this.#gate = { entered: entered.resolve, released: released.promise };
    return { entered: entered.promise, release: released.resolve };
  }

  async onStart(): Promise<void> {
    this.started = true;
  }

  async onStop(): Promise<void> {
    this.stopped = true;
    if (this.onStopError !== undefined) throw this.onStopError;
  }

  async echo(req: ProbeRequest): Reply {
    return this.#note("echo", req.message, { reply: `echo:${req.message}` });
  }

  async signal(req: ProbeRequest): Reply {
    return this.#note("signal", req.message, { reply: "ok" });
  }

  async block(req: ProbeRequest, ctx: Context): Reply {
    const gate = this.#gate;
    this.#gate = undefined;
    this.lastBlockContext = ctx;
    gate?.entered();
    await gate?.released;
    return this.#note("block", req.message, { reply: "unblocked" });
  }

  async fail(req: ProbeRequest): Reply {
    if (req.message === "denied") throw new PermissionDeniedError("caller may not do this");
    throw new Error(`plain failure: ${req.message}`);
  }

  async askShell(req: ProbeRequest, ctx: Context): Reply {
    return ctx.call(Dest.shell(), AppShell.method.notify, { message: req.message }, { signal: ctx.signal });
  }

  async tellLocal(req: ProbeRequest, ctx: Context): Reply {
    await ctx.tell(Dest.local(), Probe.method.record, { message: req.message });
    return { reply: "sent" };
  }

  async record(req: ProbeRequest, ctx: Context): Reply {
    return this.#note("record", `${req.message} caller=${ctx.callerId === undefined ? "none" : "remote"}`, {});
  }

  #note<T>(kind: string, message: string, result: T): T {
    this.handled.push(`${kind}:${message}`);
    return result;
  }
}

/** The generated workload around a ProbeHandlerImpl, with the handler's record at hand. */
export class ProbeWorkload extends GeneratedProbeWorkload {
  constructor(readonly probe: ProbeHandlerImpl = new ProbeHandlerImpl()) {
    super(probe);
  }

  get handled(): readonly string[] {
    return this.probe.handled;
  }

  get stopped(): boolean {
    return this.probe.stopped;
  }

  set onStopError(error: Error) {
    this.probe.onStopError = error;
  }

  holdNextBlock(): { entered: Promise<void>; release: () => void } {
    return this.probe.holdNextBlock();
  }

  get lastBlockContext(): Context | undefined {
    return this.probe.lastBlockContext;
  }
}
