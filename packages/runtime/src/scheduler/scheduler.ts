import type { Logger } from "../common/logger.js";
import type { ClaimedMessage } from "../mailbox/inbox-message.js";
import type { SqliteMailbox } from "../mailbox/sqlite-mailbox.js";

/**
 * The State Path: one message at a time, in the mailbox's priority order. It sleeps on a promise
 * that the next enqueue resolves, so an idle actor does no work and a busy one never polls.
 */
export class Scheduler {
  #wake: (() => void) | undefined;
  #stopping = false;
  #loop: Promise<void> | undefined;

  constructor(
    private readonly mailbox: SqliteMailbox,
    /** Handles one message: dispatch, reply, ack. Must not throw; a throw is logged and the loop goes on. */
    private readonly handle: (message: ClaimedMessage) => Promise<void>,
    private readonly logger: Logger,
  ) {
    mailbox.onEnqueue(this.#notify);
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

  readonly #notify = (): void => {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  };

  async #run(): Promise<void> {
    while (!this.#stopping) {
      let message: ClaimedMessage | undefined;
      try {
        message = this.mailbox.claim();
      } catch (error) {
        this.logger.error(`Mailbox ${this.mailbox.path}: cannot claim the next message; waiting for the next one`, error);
      }
      if (message === undefined) {
        await new Promise<void>((resolve) => (this.#wake = resolve));
        continue;
      }
      try {
        await this.handle(message);
      } catch (error) {
        this.logger.error(`Handling ${message.routeKey} (request ${message.requestId}) failed`, error);
      }
    }
  }
}
