import type { ClaimedMessage, DeadLetter, InboxMessage, StoredResult } from "./inbox-message.js";

/**
 * The durable mailbox as the runtime core sees it: remote requests and tells stay in it until
 * acked, so a crash loses none. Writes are group-committed: `enqueue`, `storeResult` and `ack`
 * become durable together at the next commit. SqliteMailbox is the Node implementation.
 */
export interface Mailbox {
  /** Where it lives, for log messages. */
  readonly path: string;
  /** Called after a commit made new messages claimable. */
  onCommit(listener: () => void): void;
  enqueue(message: InboxMessage): void;
  /** The message `claim()` would hand out next (RPC_SIGNAL first, FIFO within a priority). */
  peek(): ClaimedMessage | undefined;
  claim(): ClaimedMessage | undefined;
  /** Removes a handled message. */
  ack(seq: number): void;
  /** Keeps the outcome of a request from `sender`, so a redelivery is answered from it. */
  storeResult(sender: Uint8Array | undefined, requestId: string, result: StoredResult): void;
  /** Runs `callback` once every write made so far is committed. */
  afterCommit(callback: () => void): void;
  /** Moves a message (or bytes that never became one) to the dead letters; `seq` removes it from the queue. */
  deadLetter(letter: DeadLetter, seq?: number): void;
  /** Commits every write made so far. */
  flush(): void;
  /** Commits what is pending and releases the storage; unacked messages stay for the next start. */
  close(): void;
}
