import { aclAllows, actrIdToString, actrTypeToString, describeActrId, makeActrId } from "@actr/protocol";
import type { ActrId, ActrType } from "@actr/protocol";
import type { Logger } from "../common/logger.js";
import type { CompatStore } from "../config/compat-lock.js";
import type { LockedDependency } from "../config/lock-file.js";
import type { RuntimeConfig } from "../config/runtime-config.js";
import type { ActorUpCallback } from "../context/context.js";
import { discoverActor } from "../context/discover.js";
import { MessageContext, type ActorServices, type Arrival } from "../context/message-context.js";
import { GateNotInitializedError, NotImplementedError, TimeoutError, TransportError } from "../errors/actr-error.js";
import { InboundDispatcher } from "../inbound/inbound-dispatcher.js";
import { StreamRegistry } from "../inbound/stream-registry.js";
import { InprocInbox } from "../mailbox/inproc-inbox.js";
import type { Mailbox } from "../mailbox/mailbox.js";
import { MediaService } from "../media/media-service.js";
import { InprocGate } from "../outbound/inproc-gate.js";
import { Outbound } from "../outbound/outbound.js";
import { OutprocGate } from "../outbound/outproc-gate.js";
import { PendingRequests } from "../outbound/pending-requests.js";
import { ShellGate } from "../outbound/shell-gate.js";
import { MessageRunner } from "../scheduler/message-runner.js";
import { RunningRequests } from "../scheduler/running-requests.js";
import { Scheduler } from "../scheduler/scheduler.js";
import { StreamingCalls } from "../streaming/streaming-calls.js";
import type { CallTracer } from "../tracing/call-tracer.js";
import type { NetworkSession, NetworkStarter } from "../transport/network.js";
import type { Workload } from "../workload/workload.js";
import { toServiceSpec } from "./service-spec.js";
import { DEFAULT_SHUTDOWN_GRACE_MS } from "./shutdown-options.js";

/**
 * One running actor, wired ring by ring: outbound gates around one pending map, the inbound
 * dispatcher, the State Path (inproc inbox and durable mailbox) and its scheduler, the stream
 * registries, and the optional network.
 */
export class ActorRuntime implements ActorServices {
  readonly pending = new PendingRequests();
  readonly running = new RunningRequests();
  readonly streams: StreamRegistry;
  /** Chunks the workload sends to Dest.shell(), for the app's callbacks. */
  readonly shellStreams: StreamRegistry;
  readonly media: MediaService;
  readonly outbound: Outbound;
  readonly shellGate: ShellGate;
  readonly #inprocGate: InprocGate;
  readonly #inprocInbox = new InprocInbox();
  readonly #outproc: OutprocGate;
  readonly #inbound: InboundDispatcher;
  readonly #runner: MessageRunner;
  readonly #scheduler: Scheduler;
  readonly #streaming: StreamingCalls;
  #selfId: ActrId | undefined;
  #selfKey: string | undefined;
  #session: NetworkSession | undefined;
  #shutdown: Promise<void> | undefined;
  #markStopped: () => void = () => undefined;
  readonly #stopped = new Promise<void>((resolve) => (this.#markStopped = resolve));

  constructor(
    readonly config: RuntimeConfig,
    private readonly mailbox: Mailbox,
    private readonly workload: Workload,
    private readonly network: NetworkStarter | undefined,
    private readonly logger: Logger,
    /** The dependencies pinned in Actr.lock.toml, read once before start. */
    private readonly locked: readonly LockedDependency[],
    tracer?: CallTracer,
    /** compat.lock.toml, when the actor has one (Node). */
    private readonly compat?: CompatStore,
  ) {
    this.streams = new StreamRegistry(logger);
    this.shellStreams = new StreamRegistry(logger);
    this.media = new MediaService(logger, () => this.#session?.transport.media);
    this.#inprocGate = new InprocGate(this.#inprocInbox, this.pending, this.running, workload.handle !== undefined);
    this.#outproc = new OutprocGate(this.pending);
    this.shellGate = new ShellGate(
      this.pending,
      (requestId, timeoutMs, lineage) => this.contextFor(undefined, requestId, timeoutMs === undefined ? undefined : Date.now() + timeoutMs, { lineage }),
      logger,
    );
    this.#streaming = new StreamingCalls({ pending: this.pending, running: this.running, outproc: this.#outproc, workload, contextFor: this.contextFor, logger, tracer });
    this.outbound = new Outbound(this.#inprocGate, this.shellGate, this.#outproc, { local: this.streams, shell: this.shellStreams }, () => this.selfId, this.#streaming, tracer);
    const allows = (sender: ActrId): boolean => aclAllows(config.acl, sender, config.realmId);
    this.#inbound = new InboundDispatcher(
      mailbox,
      this.pending,
      this.streams,
      this.#outproc,
      allows,
      logger,
      (sender, requestId) =>
        this.running.cancel(requestId, new TimeoutError(`The caller ${describeActrId(sender)} cancelled request ${requestId}`), (ctx) => sameActor(ctx.callerId, sender)),
      this.#streaming,
    );
    this.#runner = new MessageRunner(mailbox, workload, this.pending, this.#outproc, this.running, this.contextFor, logger, tracer);
    this.#scheduler = new Scheduler(mailbox, this.#inprocInbox, this.#runner, logger);
  }

  get selfId(): ActrId {
    if (this.#selfId === undefined) throw new GateNotInitializedError("The actor has no id before node.start(); use the ActrRef that start() resolves to");
    return this.#selfId;
  }

  get selfKey(): string {
    this.#selfKey ??= actrIdToString(this.selfId);
    return this.#selfKey;
  }

  readonly contextFor = (callerId: ActrId | undefined, requestId: string, deadline: number | undefined, arrival?: Arrival): MessageContext =>
    new MessageContext(this, callerId, requestId, deadline, arrival);

  discover(query: ActrType | string): Promise<ActrId> {
    return discoverActor(this.#session, { lockPath: this.config.lockPath, dependencies: this.locked, compat: this.compat, logger: this.logger }, query);
  }

  async onActorUp(type: ActrType, callback: ActorUpCallback): Promise<() => void> {
    const session = this.#session;
    const what = `Cannot watch for ${actrTypeToString(type)} coming online`;
    if (session === undefined) throw new GateNotInitializedError(`${what}: this actor has no network. Set [system.signaling] url in Actr.toml`);
    if (session.onActorUp === undefined) throw new NotImplementedError(`${what}: this actor's network does not report actors coming online`);
    return session.onActorUp(type, callback);
  }

  /** Network (when configured), then onStart, then the State Path; on failure everything opened is closed again. */
  async start(): Promise<void> {
    try {
      await this.#startNetwork();
      await this.workload.onStart?.(this.contextFor(undefined, crypto.randomUUID(), undefined));
    } catch (error) {
      await this.#closeNetwork();
      this.mailbox.close();
      throw error;
    }
    this.#scheduler.start();
    this.logger.info(`Actor ${describeActrId(this.selfId)} started (mailbox ${this.mailbox.path})`);
  }

  /**
   * In this order: stops accepting messages; runs what is already queued in memory (the message in
   * progress and the inproc inbox) for up to `graceMs`, then fires the signals of handlers still
   * running; runs onStop; closes the network; fails the calls still waiting; closes the mailbox.
   * Remote messages not started stay in the mailbox for the next start. Rejects with onStop's
   * error, after everything is closed. Idempotent: later calls share the first one's outcome.
   */
  shutdown(graceMs = DEFAULT_SHUTDOWN_GRACE_MS): Promise<void> {
    this.#shutdown ??= this.#stop(graceMs).finally(() => this.#markStopped());
    return this.#shutdown;
  }

  /** Resolves when a shutdown has completed. */
  get stopped(): Promise<void> {
    return this.#stopped;
  }

  async #startNetwork(): Promise<void> {
    if (this.config.signaling !== undefined && this.network !== undefined) {
      const session = await this.network(this.config, toServiceSpec(this.workload.spec));
      this.#session = session;
      this.#selfId = session.actorId;
      session.onActorIdChanged?.((actorId) => {
        this.#selfId = actorId;
        this.#selfKey = undefined;
      });
      session.transport.setSink(this.#inbound.receive);
      session.transport.media?.setMediaSink(this.media.sink);
      this.#outproc.attach(session.transport);
      return;
    }
    if (this.config.signaling !== undefined) {
      this.logger.warn(`[system.signaling] is set but no network starter was given; ${this.config.packageName} runs without network`);
    }
    this.#selfId = makeActrId(this.config.realmId, randomSerial(), this.config.actrType);
  }

  async #stop(graceMs: number): Promise<void> {
    this.#inprocGate.close();
    this.#inbound.stopAccepting();
    await this.#drain(graceMs);
    // Streaming handlers of remote callers run outside the scheduler, so the drain did not wait for them.
    this.running.abortAll(this.#shuttingDown());
    await this.#sendHeldReplies();
    let stopError: unknown;
    try {
      await this.workload.onStop?.(this.contextFor(undefined, crypto.randomUUID(), undefined));
    } catch (error) {
      stopError = error;
      this.logger.error(`onStop of ${this.config.packageName} failed; shutting down anyway`, error);
    }
    await this.#closeNetwork();
    const self = describeActrId(this.selfId);
    this.pending.rejectAll((routeKey) => new TransportError(`${routeKey} got no reply: actor ${self} shut down`));
    this.mailbox.close();
    this.logger.info(`Actor ${self} stopped`);
    if (stopError !== undefined) throw stopError;
  }

  /** Runs the queued inproc messages until none is left or the grace period ends; then the running handler is told to stop. */
  async #drain(graceMs: number): Promise<void> {
    const graceOver = setTimeout(() => {
      this.logger.warn(`Shutdown grace period of ${graceMs} ms is over; stopping the handlers still running`);
      this.running.abortAll(this.#shuttingDown());
      void this.#scheduler.stop();
    }, graceMs);
    try {
      await this.#scheduler.drain();
    } finally {
      clearTimeout(graceOver);
    }
  }

  #shuttingDown(): TransportError {
    return new TransportError(`Actor ${describeActrId(this.selfId)} is shutting down`);
  }

  /** Replies wait for the commit of their result; they go out while the network is still up. */
  async #sendHeldReplies(): Promise<void> {
    try {
      this.mailbox.flush();
    } catch (error) {
      this.logger.error(`Mailbox ${this.mailbox.path}: final commit failed; unanswered remote messages are redelivered on the next start`, error);
    }
    await this.#runner.repliesSent();
    const dropped = this.#inprocInbox.size;
    if (dropped > 0) this.logger.info(`${dropped} inproc message(s) still queued at shutdown: their requests fail with TransportError, tells are dropped`);
  }

  async #closeNetwork(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    try {
      await session?.close();
    } catch (error) {
      this.logger.error("Closing the network failed", error);
    }
  }
}

/** Only the caller of a request may cancel it. */
function sameActor(a: ActrId | undefined, b: ActrId): boolean {
  return a !== undefined && actrIdToString(a) === actrIdToString(b);
}

/** A random 64-bit serial number, for an actor without a network. */
function randomSerial(): bigint {
  return crypto.getRandomValues(new BigUint64Array(1))[0] as bigint;
}
