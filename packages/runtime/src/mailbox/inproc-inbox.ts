import { PayloadType } from "../common/payload-type.js";
import { nextArrival } from "./arrival.js";
import type { InboxMessage, InprocMessage } from "./inbox-message.js";

/**
 * The inproc side of the State Path (seed 003): requests and tells from the app (ActrRef) and from
 * the workload to itself wait here as objects, never encoded and never written to SQLite. Their
 * caller lives in this process and dies with it, so persisting them would buy nothing; remote
 * messages, whose senders outlive a crash, go to the durable SqliteMailbox instead.
 */
export class InprocInbox {
  readonly #signal: InprocMessage[] = [];
  readonly #reliable: InprocMessage[] = [];
  #listener: (() => void) | undefined;

  /** Called after every enqueue (the scheduler wakes up on it). */
  onEnqueue(listener: () => void): void {
    this.#listener = listener;
  }

  enqueue(message: InboxMessage): void {
    const queued: InprocMessage = { ...message, arrival: nextArrival() };
    (message.payloadType === PayloadType.RpcSignal ? this.#signal : this.#reliable).push(queued);
    this.#listener?.();
  }

  /** The next message in priority order (RPC_SIGNAL first, FIFO within a priority), left in place. */
  peek(): InprocMessage | undefined {
    return this.#signal[0] ?? this.#reliable[0];
  }

  take(): InprocMessage | undefined {
    return this.#signal.shift() ?? this.#reliable.shift();
  }

  get size(): number {
    return this.#signal.length + this.#reliable.length;
  }
}
