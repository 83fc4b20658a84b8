import { Direction } from "@actr/protocol";
import type { ActrId } from "@actr/protocol";
import { EMPTY_BYTES } from "../common/empty-bytes.js";
import type { Logger } from "../common/logger.js";
import type { Arrival, MessageContext } from "../context/message-context.js";
import type { CallTracer } from "../tracing/call-tracer.js";
import { serverSpan } from "../tracing/rpc-spans.js";
import { ActrError, DecodeError, TimeoutError } from "../errors/actr-error.js";
import { errorFromReply, toErrorReply } from "../errors/error-response.js";
import type { ErrorReply } from "../errors/error-response.js";
import type { ClaimedMessage, DeadLetter, InboxMessage, InprocMessage } from "../mailbox/inbox-message.js";
import { senderFromBytes } from "../mailbox/sender-bytes.js";
import type { Mailbox } from "../mailbox/mailbox.js";
import type { OutprocGate } from "../outbound/outproc-gate.js";
import type { PendingRequests } from "../outbound/pending-requests.js";
import type { Dispatcher } from "../workload/workload.js";
import type { RunningRequests } from "./running-requests.js";

/** What a failed handler leaves: its error reply, and why the message is dead-lettered if it is. */
interface Failure {
  readonly reply: ErrorReply;
  /** Set when the payload could not be decoded: the message goes to the dead-letter table. */
  readonly deadReason: string | undefined;
}

export type ContextFactory = (callerId: ActrId | undefined, requestId: string, deadline: number | undefined, arrival?: Arrival) => MessageContext;

/**
 * Runs one message through the workload and replies where it came from: inproc callers through
 * the pending map, remote ones over the outproc gate. A handler's error becomes an ErrorResponse,
 * never a stopped loop. A request whose caller no longer waits (past its deadline, or cancelled)
 * is answered with a TimeoutError without running.
 */
export class MessageRunner {
  readonly #replies = new Set<Promise<void>>();

  constructor(
    private readonly mailbox: Mailbox,
    private readonly workload: Dispatcher,
    private readonly pending: PendingRequests,
    private readonly outproc: OutprocGate,
    private readonly running: RunningRequests,
    private readonly contextFor: ContextFactory,
    private readonly logger: Logger,
    /** Opens a server span per handled message when a tracing library is enabled. */
    private readonly tracer?: CallTracer,
  ) {}

  readonly runInproc = async (message: InprocMessage): Promise<void> => {
    const { requestId, routeKey } = message;
    let deadline: number | undefined;
    if (message.kind === Direction.REQUEST) {
      deadline = this.pending.deadlineOf(requestId);
      if (deadline === undefined) {
        // Its caller timed out or cancelled while it was queued: nobody would read the answer.
        if (!this.running.takeEarlyCancel(requestId)) this.running.countExpired();
        this.logger.debug(`${routeKey} (request ${requestId}) not run: its caller no longer waits`);
        return;
      }
    }
    const ctx = this.#context(message, undefined, deadline);
    const handle = this.workload.handle;
    let reply: unknown;
    let failure: Failure | undefined;
    this.running.begin(ctx);
    try {
      reply =
        message.request !== undefined && handle !== undefined
          ? await handle.call(this.workload, routeKey, message.request, ctx)
          : await this.workload.dispatch(routeKey, message.payload, ctx);
    } catch (error) {
      failure = this.#failure(message, error);
    } finally {
      this.running.end(ctx);
    }
    ctx.endSpan(failure?.reply);
    if (message.kind === Direction.REQUEST) {
      const waiting = failure === undefined ? this.pending.resolve(requestId, reply) : this.pending.reject(requestId, errorFromReply(failure.reply));
      if (!waiting) this.logger.debug(`Reply to ${routeKey} (request ${requestId}) dropped: its caller no longer waits`);
    }
    if (failure?.deadReason !== undefined) this.mailbox.deadLetter(letter(message, failure.deadReason));
  };

  /**
   * The result is stored and committed before the reply goes out (so a redelivery after a crash
   * is answered from it), and the message is acked only after the reply was sent. The State Path
   * does not wait for either: the turn's group commit covers the results of every message it ran.
   */
  readonly runRemote = async (message: ClaimedMessage): Promise<void> => {
    const sender = message.sender === undefined ? undefined : senderFromBytes(message.sender);
    if (message.stored !== undefined) return this.#replay(message, sender, message.stored.error ?? message.stored.payload ?? EMPTY_BYTES);
    const outcome = await this.#runRemote(message, sender);
    const reply = outcome instanceof Uint8Array ? outcome : outcome.reply;
    const deadReason = outcome instanceof Uint8Array ? undefined : outcome.deadReason;
    this.mailbox.storeResult(message.sender, message.requestId, reply instanceof Uint8Array ? { payload: reply, error: undefined } : { payload: undefined, error: reply });
    const done =
      deadReason === undefined ? () => this.mailbox.ack(message.seq) : () => this.mailbox.deadLetter(letter(message, deadReason), message.seq);
    if (message.kind !== Direction.REQUEST || sender === undefined) return done();
    this.mailbox.afterCommit(() => this.#replyThen(message, sender, reply, done));
  };

  /** Resolves once every reply released by a commit so far was sent and its message acked. */
  async repliesSent(): Promise<void> {
    while (this.#replies.size > 0) await Promise.all(this.#replies);
  }

  async #runRemote(message: ClaimedMessage, sender: ActrId | undefined): Promise<Uint8Array | Failure> {
    const { requestId, routeKey } = message;
    const deadline = message.kind === Direction.REQUEST && message.timeoutMs > 0 ? message.receivedAt + message.timeoutMs : undefined;
    if (deadline !== undefined && Date.now() >= deadline) {
      this.running.countExpired();
      return skipped(`${routeKey} (request ${requestId}) was not run: its caller's deadline passed before it was claimed`);
    }
    if (this.running.takeEarlyCancel(requestId)) return skipped(`${routeKey} (request ${requestId}) was not run: its caller cancelled it`);
    const ctx = this.#context(message, sender, deadline);
    this.running.begin(ctx);
    let outcome: Uint8Array | Failure;
    try {
      outcome = await this.workload.dispatch(routeKey, message.payload, ctx);
    } catch (error) {
      outcome = this.#failure(message, error);
    } finally {
      this.running.end(ctx);
    }
    ctx.endSpan(outcome instanceof Uint8Array ? undefined : outcome.reply);
    return outcome;
  }

  /** The Context of a message on the State Path, with its server span when tracing is enabled. */
  #context(message: InboxMessage, sender: ActrId | undefined, deadline: number | undefined): MessageContext {
    const { lineage } = message;
    const span = serverSpan(this.tracer, lineage, message.routeKey, sender, message.payloadType);
    return this.contextFor(sender, message.requestId, deadline, { lineage, span, onStatePath: true });
  }

  #replay(message: ClaimedMessage, sender: ActrId | undefined, reply: Uint8Array | ErrorReply): void {
    this.logger.info(`${message.routeKey} (request ${message.requestId}) was handled before; answering from the stored result`);
    const ack = (): void => this.mailbox.ack(message.seq);
    if (message.kind !== Direction.REQUEST || sender === undefined) return ack();
    // The result may still be waiting for its commit, when the first copy ran in this turn.
    this.mailbox.afterCommit(() => this.#replyThen(message, sender, reply, ack));
  }

  #failure(message: InboxMessage, error: unknown): Failure {
    this.#logFailure(message, error);
    return { reply: toErrorReply(error), deadReason: error instanceof DecodeError ? error.message : undefined };
  }

  /** Sends the reply, then runs `done` (ack or dead-letter); tracked so shutdown can wait for it. */
  #replyThen(message: ClaimedMessage, sender: ActrId, reply: Uint8Array | ErrorReply, done: () => void): void {
    const replied = this.#sendThen(message, sender, reply, done);
    this.#replies.add(replied);
    void replied.then(() => this.#replies.delete(replied));
  }

  /** Never rejects, so shutdown can wait on it: a failed send is logged, then `done` runs as usual. */
  async #sendThen(message: ClaimedMessage, sender: ActrId, reply: Uint8Array | ErrorReply, done: () => void): Promise<void> {
    try {
      await this.outproc.respond(sender, message.payloadType, message.requestId, message.routeKey, reply);
    } catch (error) {
      this.logger.warn(`Reply to ${message.routeKey} (request ${message.requestId}) could not be sent`, error);
    }
    try {
      done();
    } catch (error) {
      this.logger.error("Acknowledging a replied message failed", error);
    }
  }

  #logFailure(message: InboxMessage, error: unknown): void {
    const what = `Handler of ${message.routeKey} (request ${message.requestId}) failed`;
    // Typed errors are answers the handler chose; anything else is a bug worth a stack trace.
    if (error instanceof ActrError) this.logger.debug(`${what}: ${error.message}`);
    else this.logger.warn(what, error);
  }
}

function skipped(why: string): Failure {
  return { reply: toErrorReply(new TimeoutError(why)), deadReason: undefined };
}

function letter(message: InboxMessage, reason: string): DeadLetter {
  return { reason, payloadType: message.payloadType, sender: message.sender, routeKey: message.routeKey, requestId: message.requestId, data: message.payload };
}
