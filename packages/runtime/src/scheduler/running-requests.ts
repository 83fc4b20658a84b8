import type { ActrError } from "../errors/actr-error.js";
import type { MessageContext } from "../context/message-context.js";

/** How many cancellations of requests not yet started are remembered. */
const EARLY_CANCELS = 1024;

/**
 * The requests whose handlers run now, by request id, so a cancellation from the caller or a
 * shutdown reaches their `ctx.signal`. A cancellation that comes before its request starts is
 * remembered (boundedly), so the request is answered without running.
 */
export class RunningRequests {
  readonly #running = new Map<string, MessageContext>();
  readonly #cancelledEarly = new Set<string>();
  #expired = 0;
  #cancelled = 0;

  begin(ctx: MessageContext): void {
    this.#running.set(ctx.requestId, ctx);
  }

  end(ctx: MessageContext): void {
    ctx.finish();
    if (this.#running.get(ctx.requestId) === ctx) this.#running.delete(ctx.requestId);
  }

  /** Fires the signal of `requestId`'s handler, or remembers the cancellation until it starts. */
  cancel(requestId: string, reason: ActrError, isCaller: (ctx: MessageContext) => boolean = () => true): void {
    const ctx = this.#running.get(requestId);
    if (ctx !== undefined) {
      if (isCaller(ctx)) ctx.abort(reason);
      return;
    }
    this.#cancelledEarly.add(requestId);
    if (this.#cancelledEarly.size > EARLY_CANCELS) this.#cancelledEarly.delete(this.#cancelledEarly.values().next().value as string);
  }

  /** True once for a request cancelled before it started (it is then counted). */
  takeEarlyCancel(requestId: string): boolean {
    if (!this.#cancelledEarly.delete(requestId)) return false;
    this.#cancelled++;
    return true;
  }

  /** Counts a request answered with a timeout instead of running, because its deadline had passed. */
  countExpired(): void {
    this.#expired++;
  }

  /** Fires every running handler's signal (shutdown). */
  abortAll(reason: ActrError): void {
    for (const ctx of this.#running.values()) ctx.abort(reason);
  }

  /** Requests answered without running: past their deadline when claimed, or cancelled before they started. */
  get skipped(): { readonly expired: number; readonly cancelled: number } {
    return { expired: this.#expired, cancelled: this.#cancelled };
  }
}
