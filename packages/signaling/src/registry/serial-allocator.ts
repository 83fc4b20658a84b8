/** Serials stay below 2^53 so that runtimes carrying them as JavaScript numbers never round them. */
export const MAX_SERIAL = 2n ** 53n - 1n;

// Serials are milliseconds since this epoch (2024-01-01 UTC) times 4096 plus a counter: 41 bits of
// milliseconds last until 2093, and 12 bits allow 4096 registrations per millisecond.
const EPOCH_MS = 1_704_067_200_000;
const PER_MS = 4096n;

/**
 * Issues 53-bit serials that grow with the clock, like a snowflake id. Each serial is at least the
 * last one plus one, and the last one survives restarts in the registry store, so serials stay
 * unique across restarts even if the clock steps back; without a store, the clock alone separates
 * runs.
 */
export class SerialAllocator {
  constructor(
    private last: bigint,
    private readonly nowMs: () => number = Date.now,
  ) {}

  next(): bigint {
    const fromClock = BigInt(Math.max(0, this.nowMs() - EPOCH_MS)) * PER_MS;
    const serial = fromClock > this.last ? fromClock : this.last + 1n;
    if (serial > MAX_SERIAL) throw new Error("Serial numbers are exhausted (past 2^53); the clock or the registry is wrong");
    this.last = serial;
    return serial;
  }
}
