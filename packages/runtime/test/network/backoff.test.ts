import { describe, expect, it } from "vitest";
import { Backoff, DEFAULT_RECONNECT_BACKOFF } from "../../src/network/backoff.js";

/** Deterministic draws in [0, 1) from a seed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe("reconnect backoff", () => {
  it("doubles its bound up to the cap and draws each delay from the upper half of the bound", () => {
    const low = new Backoff({ initialMs: 1_000, maxMs: 5_000 }, () => 0);
    expect(Array.from({ length: 5 }, () => low.next())).toEqual([500, 1_000, 2_000, 2_500, 2_500]);
    const high = new Backoff({ initialMs: 1_000, maxMs: 5_000 }, () => 0.999_999);
    expect(Array.from({ length: 5 }, () => high.next())).toEqual([999, 1_999, 3_999, 4_999, 4_999]);
    high.reset();
    expect(high.next()).toBe(999);
  });

  it("by default retries within 5 s however long the outage has lasted, so an actor is back within 10 s of the server", () => {
    const backoff = new Backoff(DEFAULT_RECONNECT_BACKOFF, seeded(7));
    // An hour of failed attempts: the bound stays at the cap.
    const delays = Array.from({ length: 2_000 }, () => backoff.next());
    expect(Math.max(...delays)).toBeLessThan(5_000);
    expect(Math.min(...delays.slice(10))).toBeGreaterThanOrEqual(2_500);
  });

  it("spreads actors that lost the server at the same moment", () => {
    const actors = Array.from({ length: 100 }, (_, i) => new Backoff(DEFAULT_RECONNECT_BACKOFF, seeded(i + 1)));
    // After a long outage, at the cap: the next attempts of 100 actors fall on many different moments.
    for (const actor of actors) for (let i = 0; i < 10; i++) actor.next();
    const next = actors.map((actor) => Math.floor(actor.next() / 100));
    expect(new Set(next).size).toBeGreaterThan(15);
  });
});
