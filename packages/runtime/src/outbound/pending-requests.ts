import { describeActrId } from "@actr/protocol";
import { refTimer, unrefTimer } from "../common/timers.js";
import type { TimerHandle } from "../common/timers.js";
import { InvalidArgumentError, TimeoutError, TransportError } from "../errors/actr-error.js";
import type { Wire } from "../transport/wire.js";

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly routeKey: string;
  readonly timeoutMs: number;
  /** performance.now() at which the call times out. */
  readonly deadline: number;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: (() => void) | undefined;
  /** The wire that carried the request, once sent over one. */
  wire: Wire | undefined;
}

// setTimeout keeps larger delays in a 32-bit int and fires them at once.
const MAX_TIMEOUT_MS = 0x7fff_ffff;
/** Node's timers may fire up to a millisecond before a sub-millisecond deadline; as before, that counts as due. */
const TIMER_SLACK_MS = 1;

/**
 * Calls waiting for their reply, by request id: the one map every gate (mailbox, shell, outproc)
 * registers its requests in, so a reply, a timeout or shutdown settles each exactly once.
 *
 * One timer serves every call: it is armed for the earliest deadline and, when it fires, fails
 * the calls that are due and re-arms for the next. A call that completes leaves it alone, which
 * spares a timer insert and removal per call; it holds the process open only while calls wait.
 */
export class PendingRequests {
  readonly #pending = new Map<string, Pending>();
  /** Requests waiting on each wire; a wire gets one close listener for its whole life. */
  readonly #byWire = new WeakMap<Wire, Set<string>>();
  #timer: TimerHandle | undefined;
  /** performance.now() at which #timer fires. */
  #timerAt = Infinity;

  get size(): number {
    return this.#pending.size;
  }

  /**
   * The reply to `requestId` (bytes, or the response object of an in-process typed call), or a
   * TimeoutError naming the route and the time waited. When `signal` aborts, the call rejects with
   * a TimeoutError too (a deadline brought forward) and `onCancel` tells the callee.
   */
  wait<T>(requestId: string, routeKey: string, timeoutMs: number, signal?: AbortSignal, onCancel?: () => void): Promise<T> {
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_TIMEOUT_MS) {
      throw new InvalidArgumentError(`Call to ${routeKey}: timeoutMs must be a whole number from 1 to ${MAX_TIMEOUT_MS}, not ${timeoutMs}`);
    }
    if (signal?.aborted === true) return Promise.reject(cancelled(routeKey, requestId, signal));
    return new Promise<T>((resolve, reject) => {
      const onAbort =
        signal === undefined
          ? undefined
          : () => {
              if (this.reject(requestId, cancelled(routeKey, requestId, signal))) onCancel?.();
            };
      const deadline = performance.now() + timeoutMs;
      if (this.#pending.size === 0) refTimer(this.#timer);
      this.#pending.set(requestId, { resolve: resolve as (value: unknown) => void, reject, routeKey, timeoutMs, deadline, signal, onAbort, wire: undefined });
      if (deadline < this.#timerAt) this.#arm(deadline);
      if (onAbort !== undefined) signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Completes a call; false when nobody waits for it (timed out, or sent before a restart). */
  resolve(requestId: string, value: unknown): boolean {
    const entry = this.#take(requestId);
    entry?.resolve(value);
    return entry !== undefined;
  }

  reject(requestId: string, error: Error): boolean {
    const entry = this.#take(requestId);
    entry?.reject(error);
    return entry !== undefined;
  }

  /**
   * Fails the call with a retryable TransportError as soon as `wire`, which carried its request,
   * closes (at once if it is closed already): its reply can no longer come.
   */
  failOnClose(requestId: string, wire: Wire): void {
    const entry = this.#pending.get(requestId);
    if (entry === undefined) return;
    entry.wire = wire;
    let carried = this.#byWire.get(wire);
    if (carried !== undefined) {
      carried.add(requestId);
      return;
    }
    carried = new Set([requestId]);
    this.#byWire.set(wire, carried);
    wire.onClose((reason) => this.#wireClosed(wire, reason));
  }

  /** When the caller of `requestId` stops waiting (epoch ms), or undefined when it no longer does. */
  deadlineOf(requestId: string): number | undefined {
    const entry = this.#pending.get(requestId);
    return entry === undefined ? undefined : Date.now() + (entry.deadline - performance.now());
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
    if (this.#pending.size === 0) unrefTimer(this.#timer);
    if (entry.onAbort !== undefined) entry.signal?.removeEventListener("abort", entry.onAbort);
    if (entry.wire !== undefined) this.#byWire.get(entry.wire)?.delete(requestId);
    return entry;
  }

  #wireClosed(wire: Wire, reason: string | undefined): void {
    const carried = this.#byWire.get(wire);
    this.#byWire.delete(wire);
    if (carried === undefined) return;
    const why = reason === undefined ? "closed" : `closed (${reason})`;
    for (const requestId of carried) {
      const routeKey = this.#pending.get(requestId)?.routeKey;
      this.reject(
        requestId,
        new TransportError(
          `The ${wire.kind} connection to ${describeActrId(wire.peer)} ${why} before the reply to ${routeKey} (request ${requestId}) came; ` +
            "the request may or may not have been handled: retry it if it is safe to repeat",
        ),
      );
    }
  }

  #arm(at: number): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(this.#expire, Math.max(1, Math.ceil(at - performance.now())));
  }

  readonly #expire = (): void => {
    this.#timer = undefined;
    this.#timerAt = Infinity;
    const due = performance.now() + TIMER_SLACK_MS;
    let next = Infinity;
    for (const [requestId, entry] of this.#pending) {
      if (entry.deadline <= due) {
        this.reject(requestId, new TimeoutError(`No reply to ${entry.routeKey} (request ${requestId}) within ${entry.timeoutMs} ms`));
      } else if (entry.deadline < next) {
        next = entry.deadline;
      }
    }
    if (next !== Infinity) this.#arm(next);
  };
}

function cancelled(routeKey: string, requestId: string, signal: AbortSignal): TimeoutError {
  const why = signal.reason instanceof Error ? signal.reason.message : String(signal.reason);
  return new TimeoutError(`Call to ${routeKey} (request ${requestId}) was cancelled by its caller: ${why}`, { cause: signal.reason });
}
