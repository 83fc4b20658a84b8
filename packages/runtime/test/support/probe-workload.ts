// A hand-written workload of the generated shape (descriptor + dispatcher) with routes that
// exercise the runtime: lanes, blocking, errors, shell and local calls.
import { Dest, PayloadType, PermissionDeniedError, UnknownRouteError, esCodec, handleUnary } from "@actr/runtime";
import type { Context, MethodDescriptor, Workload } from "@actr/runtime";
import { deferred } from "./deferred.js";
import { EchoRequestSchema, EchoResponseSchema } from "../../../../fixtures/echo/expected/local/echo_pb.js";

const codecs = { input: esCodec(EchoRequestSchema), output: esCodec(EchoResponseSchema) };
const method = (name: string, payloadType: PayloadType = PayloadType.RpcReliable) =>
  ({ routeKey: `test.Probe.${name}`, name, kind: "unary", payloadType, ...codecs }) as const satisfies MethodDescriptor<unknown, unknown, never, never>;

export const Probe = {
  typeName: "test.Probe",
  method: {
    echo: method("Echo"),
    signal: method("Signal", PayloadType.RpcSignal),
    block: method("Block"),
    fail: method("Fail"),
    askShell: method("AskShell"),
    tellLocal: method("TellLocal"),
    record: method("Record"),
  },
} as const;

/** What the app serves for the workload's Dest.shell() calls. */
export const ShellNotify = method("ShellNotify");

/** Records what it handled, in order; `block` waits until `release()`. */
export class ProbeWorkload implements Workload {
  readonly handled: string[] = [];
  readonly routeKeys = Object.values(Probe.method).map((m) => m.routeKey);
  started = false;
  stopped = false;
  onStopError: Error | undefined;
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

  dispatch(routeKey: string, payload: Uint8Array, ctx: Context): Promise<Uint8Array> {
    const m = Probe.method;
    switch (routeKey) {
      case m.echo.routeKey:
        return handleUnary(m.echo, payload, async (req) => this.#note("echo", req.message, { reply: `echo:${req.message}` }));
      case m.signal.routeKey:
        return handleUnary(m.signal, payload, async (req) => this.#note("signal", req.message, { reply: "ok" }));
      case m.block.routeKey:
        return handleUnary(m.block, payload, async (req) => {
          const gate = this.#gate;
          this.#gate = undefined;
          gate?.entered();
          await gate?.released;
          return this.#note("block", req.message, { reply: "unblocked" });
        });
      case m.fail.routeKey:
        return handleUnary(m.fail, payload, async (req) => {
          if (req.message === "denied") throw new PermissionDeniedError("caller may not do this");
          throw new Error(`plain failure: ${req.message}`);
        });
      case m.askShell.routeKey:
        return handleUnary(m.askShell, payload, async (req) => ctx.call(Dest.shell(), ShellNotify, { message: req.message }));
      case m.tellLocal.routeKey:
        return handleUnary(m.tellLocal, payload, async (req) => {
          await ctx.tell(Dest.local(), m.record, { message: req.message });
          return { reply: "sent" };
        });
      case m.record.routeKey:
        return handleUnary(m.record, payload, async (req) => this.#note("record", `${req.message} caller=${ctx.callerId === undefined ? "none" : "remote"}`, {}));
      default:
        return Promise.reject(UnknownRouteError.forRoute(routeKey, Probe.typeName, this.routeKeys));
    }
  }

  #note<T>(kind: string, message: string, result: T): T {
    this.handled.push(`${kind}:${message}`);
    return result;
  }
}
