import type { Logger } from "../common/logger.js";
import { goesFirst } from "../mailbox/arrival.js";
import type { ClaimedMessage, InboxMessage, InprocMessage } from "../mailbox/inbox-message.js";
import type { InprocInbox } from "../mailbox/inproc-inbox.js";
import type { Mailbox } from "../mailbox/mailbox.js";

/** Handles one message: dispatch, reply, ack. Must not throw; a throw is logged and the loop goes on. */
export interface MessageHandlers {
  runInproc(message: InprocMessage): Promise<void>;
  runRemote(message: ClaimedMessage): Promise<void>;
}

/**
 * The State Path: one message at a time from two sources, the inproc inbox and the durable
 * mailbox, in one order (RPC_SIGNAL first, then by arrival). It sleeps on a promise that the next
 * inproc enqueue or mailbox commit resolves, so an idle actor does no work and a busy one never polls.
 */
export class Scheduler {
  #wake: (() => void) | undefined;
  #stopping = false;
  /** Shutting down: remote messages stay in the mailbox; the loop ends once the inproc inbox is empty. */
  #draining = false;
  #loop: Promise<void> | undefined;

  constructor(
    private readonly mailbox: Mailbox,
    private readonly inproc: InprocInbox,
    private readonly handlers: MessageHandlers,
    private readonly logger: Logger,
  ) {
    mailbox.onCommit(this.#notify);
    inproc.onEnqueue(this.#notify);
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Takes no further message; resolves once the one in progress is done. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#notify();
    await this.#loop;
  }

  /**
   * Starts no further remote message (they stay in the mailbox for the next start) but runs the
   * inproc messages already queued; resolves once none is left, or once `stop()` cut it short.
   */
  async drain(): Promise<void> {
    this.#draining = true;
    this.#notify();
    await this.#loop;
  }

  readonly #notify = (): void => {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  };

  async #run(): Promise<void> {
    while (!this.#stopping) {
      const local = this.inproc.peek();
      if (this.#draining && local === undefined) return;
      const remote = this.#draining ? undefined : this.#peekMailbox();
      if (remote !== undefined && (local === undefined || goesFirst(remote, local))) {
        try {
          // claim() hands out the message just peeked, with any result stored for it since.
          await this.handlers.runRemote(this.mailbox.claim() ?? remote);
        } catch (error) {
          this.#logFailure(remote, error);
        }
      } else if (local !== undefined) {
        this.inproc.take();
        try {
          await this.handlers.runInproc(local);
        } catch (error) {
          this.#logFailure(local, error);
        }
      } else {
        await new Promise<void>((resolve) => (this.#wake = resolve));
      }
    }
  }

  #logFailure(message: InboxMessage, error: unknown): void {
    this.logger.error(`Handling ${message.routeKey} (request ${message.requestId}) failed`, error);
  }

  #peekMailbox(): ClaimedMessage | undefined {
    try {
      return this.mailbox.peek();
    } catch (error) {
      this.logger.error(`Mailbox ${this.mailbox.path}: cannot read the next message; waiting for the next one`, error);
      return undefined;
    }
  }
}
