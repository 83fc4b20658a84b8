import { fromBinary } from "@bufbuild/protobuf";
import { ActrIdSchema, Direction } from "@actr/protocol";
import type { ActrId } from "@actr/protocol";
import type { Logger } from "../common/logger.js";
import type { Context } from "../context/context.js";
import { ActrError, DecodeError } from "../errors/actr-error.js";
import { errorFromReply, toErrorReply } from "../errors/error-response.js";
import type { ErrorReply } from "../errors/error-response.js";
import { Origin } from "../mailbox/inbox-message.js";
import type { ClaimedMessage } from "../mailbox/inbox-message.js";
import type { SqliteMailbox } from "../mailbox/sqlite-mailbox.js";
import type { OutprocGate } from "../outbound/outproc-gate.js";
import type { PendingRequests } from "../outbound/pending-requests.js";
import type { Dispatcher } from "../workload/workload.js";

/**
 * Runs one claimed message through the workload and replies where it came from: inproc callers
 * through the pending map, remote ones over the outproc gate. The message is acked only after
 * the reply went out; a handler's error becomes an ErrorResponse, never a stopped loop.
 */
export class MessageRunner {
  constructor(
    private readonly mailbox: SqliteMailbox,
    private readonly workload: Dispatcher,
    private readonly pending: PendingRequests,
    private readonly outproc: OutprocGate,
    private readonly contextFor: (callerId: ActrId | undefined, requestId: string) => Context,
    private readonly logger: Logger,
  ) {}

  readonly run = async (message: ClaimedMessage): Promise<void> => {
    const sender = message.sender === undefined ? undefined : fromBinary(ActrIdSchema, message.sender);
    if (message.stored !== undefined) return this.#replay(message, sender);
    let reply: Uint8Array | ErrorReply;
    let deadReason: string | undefined;
    try {
      reply = await this.workload.dispatch(message.routeKey, message.payload, this.contextFor(sender, message.requestId));
    } catch (error) {
      reply = toErrorReply(error);
      if (error instanceof DecodeError) deadReason = error.message;
      this.#logFailure(message, error);
    }
    await this.#reply(message, sender, reply);
    if (deadReason === undefined) return this.mailbox.ack(message.seq);
    this.mailbox.deadLetter(
      { reason: deadReason, payloadType: message.payloadType, sender: message.sender, routeKey: message.routeKey, requestId: message.requestId, data: message.payload },
      message.seq,
    );
  };

  async #reply(message: ClaimedMessage, sender: ActrId | undefined, reply: Uint8Array | ErrorReply): Promise<void> {
    const isRequest = message.kind === Direction.REQUEST;
    if (message.origin !== Origin.Remote || sender === undefined) {
      if (!isRequest) return;
      const waiting =
        reply instanceof Uint8Array ? this.pending.resolve(message.requestId, reply) : this.pending.reject(message.requestId, errorFromReply(reply));
      if (!waiting) this.logger.debug(`Reply to ${message.routeKey} (request ${message.requestId}) dropped: its caller no longer waits`);
      return;
    }
    // Kept before replying, so a redelivery after a crash answers from it instead of running again.
    this.mailbox.storeResult(message.requestId, reply instanceof Uint8Array ? { payload: reply, error: undefined } : { payload: undefined, error: reply });
    if (!isRequest) return;
    this.mailbox.flush();
    await this.#send(message, sender, reply);
  }

  async #replay(message: ClaimedMessage, sender: ActrId | undefined): Promise<void> {
    const stored = message.stored;
    this.logger.info(`${message.routeKey} (request ${message.requestId}) was handled before; answering from the stored result`);
    if (message.kind === Direction.REQUEST && sender !== undefined && stored !== undefined) {
      await this.#send(message, sender, stored.error ?? stored.payload ?? new Uint8Array());
    }
    this.mailbox.ack(message.seq);
  }

  async #send(message: ClaimedMessage, sender: ActrId, reply: Uint8Array | ErrorReply): Promise<void> {
    try {
      await this.outproc.respond(sender, message.payloadType, message.requestId, message.routeKey, reply);
    } catch (error) {
      this.logger.warn(`Reply to ${message.routeKey} (request ${message.requestId}) could not be sent`, error);
    }
  }

  #logFailure(message: ClaimedMessage, error: unknown): void {
    const what = `Handler of ${message.routeKey} (request ${message.requestId}) failed`;
    // Typed errors are answers the handler chose; anything else is a bug worth a stack trace.
    if (error instanceof ActrError) this.logger.debug(`${what}: ${error.message}`);
    else this.logger.warn(what, error);
  }
}
