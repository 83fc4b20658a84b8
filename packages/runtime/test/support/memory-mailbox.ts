// The in-memory implementation of the core's Mailbox, to run the core without SQLite: the same
// order (RPC_SIGNAL first, then arrival), claim-until-ack and stored results, committed at the
// end of each turn like the durable one.
import { PayloadType } from "@actr/runtime/core";
import type { ClaimedMessage, DeadLetter, InboxMessage, Mailbox, StoredResult } from "@actr/runtime/core";
import { nextArrival } from "../../src/mailbox/arrival.js";

export class MemoryMailbox implements Mailbox {
  readonly path = "memory";
  readonly deadLetters: DeadLetter[] = [];
  readonly #queued: ClaimedMessage[] = [];
  readonly #claimed = new Set<number>();
  readonly #results = new Map<string, StoredResult>();
  #uncommitted: ClaimedMessage[] = [];
  #afterCommit: (() => void)[] = [];
  #listener: (() => void) | undefined;
  #seq = 0;
  #commitQueued = false;

  onCommit(listener: () => void): void {
    this.#listener = listener;
  }

  enqueue(message: InboxMessage): void {
    this.#uncommitted.push({ ...message, seq: ++this.#seq, stored: undefined, arrival: nextArrival(), receivedAt: Date.now() });
    this.#commitSoon();
  }

  peek(): ClaimedMessage | undefined {
    if (this.#uncommitted.length > 0 && this.#unclaimed().length === 0) this.flush();
    const [first] = this.#unclaimed().sort((a, b) => priority(b) - priority(a) || a.seq - b.seq);
    if (first === undefined) return undefined;
    const stored = this.#results.get(key(first.sender, first.requestId));
    return stored === undefined ? first : { ...first, stored };
  }

  claim(): ClaimedMessage | undefined {
    const message = this.peek();
    if (message !== undefined) this.#claimed.add(message.seq);
    return message;
  }

  ack(seq: number): void {
    const index = this.#queued.findIndex((message) => message.seq === seq);
    if (index >= 0) this.#queued.splice(index, 1);
    this.#claimed.delete(seq);
  }

  storeResult(sender: Uint8Array | undefined, requestId: string, result: StoredResult): void {
    this.#results.set(key(sender, requestId), result);
  }

  afterCommit(callback: () => void): void {
    this.#afterCommit.push(callback);
    this.#commitSoon();
  }

  deadLetter(letter: DeadLetter, seq?: number): void {
    this.deadLetters.push(letter);
    if (seq !== undefined) this.ack(seq);
  }

  flush(): void {
    const added = this.#uncommitted.length > 0;
    this.#queued.push(...this.#uncommitted);
    this.#uncommitted = [];
    const callbacks = this.#afterCommit;
    this.#afterCommit = [];
    for (const callback of callbacks) callback();
    if (added) this.#listener?.();
  }

  close(): void {
    this.flush();
  }

  get size(): number {
    return this.#queued.length + this.#uncommitted.length;
  }

  #unclaimed(): ClaimedMessage[] {
    return this.#queued.filter((message) => !this.#claimed.has(message.seq));
  }

  #commitSoon(): void {
    if (this.#commitQueued) return;
    this.#commitQueued = true;
    setImmediate(() => {
      this.#commitQueued = false;
      this.flush();
    });
  }
}

function priority(message: InboxMessage): number {
  return message.payloadType === PayloadType.RPC_SIGNAL ? 1 : 0;
}

function key(sender: Uint8Array | undefined, requestId: string): string {
  return `${sender === undefined ? "" : [...sender].join(",")}/${requestId}`;
}
