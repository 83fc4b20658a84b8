import { parseActrType } from "@actr/protocol";
import type { ActrId, ActrType } from "@actr/protocol";
import type { Dest } from "../common/dest.js";
import type { CallOptions, TellOptions } from "../context/call-options.js";
import type { Caller } from "../context/caller.js";
import type { ActorUpCallback, StreamCallback } from "../context/context.js";
import { Origin } from "../mailbox/inbox-message.js";
import type { RequestOf, ResponseOf, RpcMethod } from "../workload/rpc-method.js";
import type { StreamInput, StreamMethod, StreamOutput } from "../streaming/stream-method.js";
import type { Dispatcher } from "../workload/workload.js";
import type { ActorRuntime } from "./actor-runtime.js";
import type { ShutdownOptions } from "./shutdown-options.js";

/**
 * The app's handle on a running actor. It calls like a handler's Context does: Dest.local() is
 * the workload (Shell -> Workload, through the State Path), Dest.actor(id) a remote actor called
 * with this actor's identity; generated clients take it (`new EchoServiceClient(ref)`). The other
 * direction (a handler calling Dest.shell()) is served by `serveShell`.
 */
export class ActrRef implements Caller {
  constructor(private readonly runtime: ActorRuntime) {}

  actorId(): ActrId {
    return this.runtime.selfId;
  }

  call<M extends RpcMethod>(dest: Dest, method: M, request: RequestOf<M>, options?: CallOptions): Promise<ResponseOf<M>> {
    return this.runtime.outbound.call(Origin.Shell, dest, method, request, options) as Promise<ResponseOf<M>>;
  }

  tell<M extends RpcMethod>(dest: Dest, method: M, message: RequestOf<M>, options?: TellOptions): Promise<void> {
    return this.runtime.outbound.tell(Origin.Shell, dest, method, message, options);
  }

  callRaw(dest: Dest, routeKey: string, payload: Uint8Array, options?: CallOptions): Promise<Uint8Array> {
    return this.runtime.outbound.callRaw(Origin.Shell, dest, routeKey, payload, options);
  }

  tellRaw(dest: Dest, routeKey: string, payload: Uint8Array, options?: TellOptions): Promise<void> {
    return this.runtime.outbound.tellRaw(Origin.Shell, dest, routeKey, payload, options);
  }

  stream<M extends StreamMethod>(dest: Dest, method: M, input: StreamInput<M>, options?: CallOptions): StreamOutput<M> {
    return this.runtime.outbound.stream(dest, method, input, options) as StreamOutput<M>;
  }

  /** Requests answered with a TimeoutError without running: past their deadline when claimed, or cancelled before they started. */
  skippedRequests(): { readonly expired: number; readonly cancelled: number } {
    return this.runtime.running.skipped;
  }

  /** Asks signaling for an actor of a dependency's type, as `ctx.discover` does inside a handler. */
  discover(actrType: ActrType | string): Promise<ActrId> {
    return this.runtime.discover(actrType);
  }

  /** Calls `callback` each time an actor of this type comes online, as `ctx.onActorUp` does. */
  onActorUp(actrType: ActrType | string, callback: ActorUpCallback): Promise<() => void> {
    return this.runtime.onActorUp(typeof actrType === "string" ? parseActrType(actrType) : actrType, callback);
  }

  /**
   * Serves the calls the workload makes to Dest.shell(): pass a generated Dispatcher of a service
   * the app implements (`ref.serveShell(new NotifyServiceDispatcher(appHandler))`), or undefined
   * to stop serving. Until then such calls reject with GateNotInitializedError.
   */
  serveShell(dispatcher: Dispatcher | undefined): void {
    this.runtime.shellGate.serve(dispatcher);
  }

  /** Receives the chunks the workload sends to Dest.shell(). */
  registerStream(streamId: string, callback: StreamCallback): void {
    this.runtime.shellStreams.register(streamId, callback);
  }

  unregisterStream(streamId: string): void {
    this.runtime.shellStreams.unregister(streamId);
  }

  /**
   * Graceful stop, in this order: stop accepting messages; finish the one in progress and run those
   * already queued in memory, for up to `graceMs` (default 5 s); run onStop; close the network.
   * Remote messages not started stay in the mailbox for the next start. Rejects with onStop's
   * error once everything is closed. Safe to call more than once.
   */
  shutdown(options: ShutdownOptions = {}): Promise<void> {
    return this.runtime.shutdown(options.graceMs);
  }

  /** Resolves once the actor has shut down, whoever shut it down; keeps the process alive until then. */
  async waitForShutdown(): Promise<void> {
    // An inproc actor may hold no socket or timer; without this Node would exit while waiting.
    const keepAlive = setInterval(() => undefined, 2 ** 30);
    try {
      await this.runtime.stopped;
    } finally {
      clearInterval(keepAlive);
    }
  }

  /**
   * Shuts down on SIGINT or SIGTERM (or when something else shuts the actor down), then resolves.
   * Outside Node (a browser) there are no such signals: it waits for the shutdown.
   */
  async waitForCtrlCAndShutdown(): Promise<void> {
    const host = typeof process === "undefined" ? undefined : process;
    let stopping: Promise<void> | undefined;
    const onSignal = (): void => {
      stopping = this.shutdown();
      // Its error (onStop's) is rethrown below, once the actor has stopped.
      stopping.catch(() => undefined);
    };
    host?.once("SIGINT", onSignal);
    host?.once("SIGTERM", onSignal);
    try {
      await this.waitForShutdown();
    } finally {
      host?.off("SIGINT", onSignal);
      host?.off("SIGTERM", onSignal);
    }
    await stopping;
  }
}
