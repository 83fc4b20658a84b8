import { randomUUID } from "node:crypto";
import { Direction } from "@actr/protocol";
import type { PayloadType } from "../common/payload-type.js";
import { TransportError } from "../errors/actr-error.js";
import type { Origin } from "../mailbox/inbox-message.js";
import type { InprocInbox } from "../mailbox/inproc-inbox.js";
import type { PendingRequests } from "./pending-requests.js";

/**
 * The inproc gate into this actor's own workload (ActrRef calls and Dest.local()): messages go to
 * the State Path as objects, never encoded, and it replies through the pending map.
 */
export class InprocGate {
  #open = true;

  constructor(
    private readonly inbox: InprocInbox,
    private readonly pending: PendingRequests,
  ) {}

  /** Refuses new messages from now on (shutdown). */
  close(): void {
    this.#open = false;
  }

  request(origin: Origin, routeKey: string, payload: Uint8Array, payloadType: PayloadType, timeoutMs: number, signal?: AbortSignal): Promise<Uint8Array> {
    this.#assertOpen(routeKey);
    const requestId = randomUUID();
    const reply = this.pending.wait(requestId, routeKey, timeoutMs, signal);
    this.inbox.enqueue(Direction.REQUEST, origin, requestId, routeKey, payload, payloadType, timeoutMs);
    return reply;
  }

  tell(origin: Origin, routeKey: string, payload: Uint8Array, payloadType: PayloadType): void {
    this.#assertOpen(routeKey);
    this.inbox.enqueue(Direction.TELL, origin, randomUUID(), routeKey, payload, payloadType, 0);
  }

  #assertOpen(routeKey: string): void {
    if (!this.#open) throw new TransportError(`Cannot send ${routeKey}: the actor is shutting down`);
  }
}
