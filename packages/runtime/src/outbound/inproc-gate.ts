import { Direction } from "@actr/protocol";
import { EMPTY_BYTES } from "../common/empty-bytes.js";
import type { PayloadType } from "../common/payload-type.js";
import type { CallLineage } from "../context/call-lineage.js";
import { TimeoutError, TransportError } from "../errors/actr-error.js";
import type { Origin } from "../mailbox/inbox-message.js";
import type { InprocInbox } from "../mailbox/inproc-inbox.js";
import type { RunningRequests } from "../scheduler/running-requests.js";
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
    private readonly running: RunningRequests,
    /** Whether the workload takes message objects (it has `handle`); else typed calls are encoded. */
    readonly takesObjects: boolean,
  ) {}

  /** Refuses new messages from now on (shutdown). */
  close(): void {
    this.#open = false;
  }

  /** `payload` for raw calls, `request` (the message object) for typed ones. */
  request<T>(
    origin: Origin,
    routeKey: string,
    payload: Uint8Array | undefined,
    request: unknown,
    payloadType: PayloadType,
    timeoutMs: number,
    signal?: AbortSignal,
    lineage?: CallLineage,
  ): Promise<T> {
    this.#assertOpen(routeKey);
    const requestId = crypto.randomUUID();
    const reply = this.pending.wait<T>(requestId, routeKey, timeoutMs, signal, () =>
      this.running.cancel(requestId, new TimeoutError(`The caller of ${routeKey} cancelled request ${requestId}`)),
    );
    this.inbox.enqueue(Direction.REQUEST, origin, requestId, routeKey, payload ?? EMPTY_BYTES, request, payloadType, timeoutMs, lineage);
    return reply;
  }

  tell(origin: Origin, routeKey: string, payload: Uint8Array | undefined, request: unknown, payloadType: PayloadType, lineage?: CallLineage): void {
    this.#assertOpen(routeKey);
    this.inbox.enqueue(Direction.TELL, origin, crypto.randomUUID(), routeKey, payload ?? EMPTY_BYTES, request, payloadType, 0, lineage);
  }

  #assertOpen(routeKey: string): void {
    if (!this.#open) throw new TransportError(`Cannot send ${routeKey}: the actor is shutting down`);
  }
}
