import { InvalidArgumentError, TimeoutError } from "../errors/actr-error.js";

interface Pending {
  readonly resolve: (payload: Uint8Array) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
  readonly routeKey: string;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: (() => void) | undefined;
}

// setTimeout keeps larger delays in a 32-bit int and fires them at once.
const MAX_TIMEOUT_MS = 0x7fff_ffff;

/**
 * Calls waiting for their reply, by request id: the one map every gate (mailbox, shell, outproc)
 * registers its requests in, so a reply, a timeout or shutdown settles each exactly once.
 */
export class PendingRequests {
  readonly #pending = new Map<string, Pending>();

  get size(): number {
    return this.#pending.size;
  }

  /** The reply to `requestId`, or a TimeoutError naming the route and the time waited. */
  wait(requestId: string, routeKey: string, timeoutMs: number, signal?: AbortSignal): Promise<Uint8Array> {
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_TIMEOUT_MS) {
      throw new InvalidArgumentError(`Call to ${routeKey}: timeoutMs must be a whole number from 1 to ${MAX_TIMEOUT_MS}, not ${timeoutMs}`);
    }
    signal?.throwIfAborted();
    return new Promise<Uint8Array>((resolve, reject) => {
      const onAbort = signal === undefined ? undefined : () => this.reject(requestId, signal.reason as Error);
      const timer = setTimeout(this.#expire, timeoutMs, requestId);
      this.#pending.set(requestId, { resolve, reject, timer, routeKey, timeoutMs, signal, onAbort });
      if (onAbort !== undefined) signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Completes a call; false when nobody waits for it (timed out, or sent before a restart). */
  resolve(requestId: string, payload: Uint8Array): boolean {
    const entry = this.#take(requestId);
    entry?.resolve(payload);
    return entry !== undefined;
  }

  reject(requestId: string, error: Error): boolean {
    const entry = this.#take(requestId);
    entry?.reject(error);
    return entry !== undefined;
  }

  /** Fails every waiting call, e.g. at shutdown. */
  rejectAll(errorFor: (routeKey: string) => Error): void {
    for (const requestId of [...this.#pending.keys()]) {
      const entry = this.#take(requestId);
      entry?.reject(errorFor(entry.routeKey));
    }
  }

  #take(requestId: string): Pending | undefined {
    const entry = this.#pending.get(requestId);
    if (entry === undefined) return undefined;
    this.#pending.delete(requestId);
    clearTimeout(entry.timer);
    if (entry.onAbort !== undefined) entry.signal?.removeEventListener("abort", entry.onAbort);
    return entry;
  }

  readonly #expire = (requestId: string): void => {
    const entry = this.#pending.get(requestId);
    if (entry === undefined) return;
    this.reject(requestId, new TimeoutError(`No reply to ${entry.routeKey} (request ${requestId}) within ${entry.timeoutMs} ms`));
  };
}
