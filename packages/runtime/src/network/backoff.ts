/**
 * Delays of a reconnect loop: a bound that doubles from `initialMs` up to `maxMs`, and each delay
 * drawn uniformly from the upper half of the bound. The jitter keeps actors that lost the same
 * server from all coming back on the same beat; the lower half is left out so that no delay is
 * near zero and a refusing server is never hammered.
 */
export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
}

/**
 * The cap is low so that an actor is back within a few seconds of the server's return even after
 * a long outage; the jitter keeps the cost of that for the server spread out.
 */
export const DEFAULT_RECONNECT_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 5_000 };

export class Backoff {
  private boundMs: number;

  constructor(
    private readonly options: BackoffOptions,
    /** A number in [0, 1); injectable so tests can pin the draw. */
    private readonly random: () => number = Math.random,
  ) {
    this.boundMs = options.initialMs;
  }

  /** The delay before the next attempt, in [bound/2, bound); each call doubles the bound up to maxMs. */
  next(): number {
    const half = this.boundMs / 2;
    const delay = Math.floor(half + this.random() * half);
    this.boundMs = Math.min(this.boundMs * 2, this.options.maxMs);
    return delay;
  }

  reset(): void {
    this.boundMs = this.options.initialMs;
  }
}
