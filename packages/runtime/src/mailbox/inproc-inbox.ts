import { PayloadType } from "../common/payload-type.js";
import type { CallLineage } from "../context/call-lineage.js";
import { nextArrival } from "./arrival.js";
import type { InboxMessage, InprocMessage } from "./inbox-message.js";

/**
 * The inproc side of the State Path: requests and tells from the app (ActrRef) and from
 * the workload to itself wait here as objects (typed calls carry the message object itself), never encoded and never written to SQLite. Their
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

  /** Queues a message stamped with its arrival; the fields are taken one by one so no copy of the message is made. */
  enqueue(
    kind: InboxMessage["kind"],
    origin: InboxMessage["origin"],
    requestId: string,
    routeKey: string,
    payload: Uint8Array,
    request: unknown,
    payloadType: PayloadType,
    timeoutMs: number,
    lineage?: CallLineage,
  ): void {
    const queued: InprocMessage = { kind, origin, sender: undefined, requestId, routeKey, payload, request, payloadType, timeoutMs, arrival: nextArrival(), lineage };
    (payloadType === PayloadType.RPC_SIGNAL ? this.#signal : this.#reliable).push(queued);
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
