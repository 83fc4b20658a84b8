/** Delays of a reconnect loop: `initialMs`, doubling up to `maxMs` (wire.md: 1 s to 60 s). */
export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
}

export const DEFAULT_RECONNECT_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 60_000 };

export class Backoff {
  private nextMs: number;

  constructor(private readonly options: BackoffOptions) {
    this.nextMs = options.initialMs;
  }

  /** The delay before the next attempt; each call doubles the one after. */
  next(): number {
    const delay = this.nextMs;
    this.nextMs = Math.min(this.nextMs * 2, this.options.maxMs);
    return delay;
  }

  reset(): void {
    this.nextMs = this.options.initialMs;
  }
}
