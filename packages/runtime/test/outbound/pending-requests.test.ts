import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { makeActrId, makeActrType } from "@actr/protocol";
import { TimeoutError, TransportError } from "../../src/errors/actr-error.js";
import { PendingRequests } from "../../src/outbound/pending-requests.js";
import type { Lane } from "../../src/transport/lane.js";
import type { Wire } from "../../src/transport/wire.js";

/** Where a call ended up, read without awaiting it. */
function track(reply: Promise<Uint8Array>): { state: "waiting" | "resolved" | "rejected"; error: unknown } {
  const outcome: { state: "waiting" | "resolved" | "rejected"; error: unknown } = { state: "waiting", error: undefined };
  reply.then(
    () => (outcome.state = "resolved"),
    (error: unknown) => {
      outcome.state = "rejected";
      outcome.error = error;
    },
  );
  return outcome;
}

describe("pending requests: one shared deadline timer", () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] }));
  afterEach(() => vi.useRealTimers());

  it("fails each call with a TimeoutError at its own deadline, whatever order they were made in", async () => {
    const pending = new PendingRequests();
    const slow = track(pending.wait("slow", "a.B.Slow", 500));
    const fast = track(pending.wait("fast", "a.B.Fast", 100));

    await vi.advanceTimersByTimeAsync(99);
    expect([slow.state, fast.state]).toEqual(["waiting", "waiting"]);
    await vi.advanceTimersByTimeAsync(1);
    expect([slow.state, fast.state]).toEqual(["waiting", "rejected"]);
    expect(fast.error).toBeInstanceOf(TimeoutError);
    expect((fast.error as Error).message).toBe("No reply to a.B.Fast (request fast) within 100 ms");

    await vi.advanceTimersByTimeAsync(399);
    expect(slow.state).toBe("waiting");
    await vi.advanceTimersByTimeAsync(1);
    expect(slow.state).toBe("rejected");
    expect((slow.error as Error).message).toBe("No reply to a.B.Slow (request slow) within 500 ms");
    expect(pending.size).toBe(0);
  });

  it("leaves answered calls alone and still times out the ones behind them", async () => {
    const pending = new PendingRequests();
    const answered = track(pending.wait("answered", "a.B.C", 100));
    const late = track(pending.wait("late", "a.B.C", 300));
    expect(pending.resolve("answered", new Uint8Array([1]))).toBe(true);

    await vi.advanceTimersByTimeAsync(299);
    expect([answered.state, late.state]).toEqual(["resolved", "waiting"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(late.state).toBe("rejected");
    // Settled once: a reply after the timeout finds nobody waiting.
    expect(pending.resolve("late", new Uint8Array([2]))).toBe(false);
  });

  it("times out a call made after the timer was armed for a later deadline", async () => {
    const pending = new PendingRequests();
    const first = track(pending.wait("first", "a.B.C", 1_000));
    await vi.advanceTimersByTimeAsync(200);
    const second = track(pending.wait("second", "a.B.C", 100));

    await vi.advanceTimersByTimeAsync(100);
    expect([first.state, second.state]).toEqual(["waiting", "rejected"]);
    await vi.advanceTimersByTimeAsync(700);
    expect(first.state).toBe("rejected");
  });
});

/** A wire that only closes: what PendingRequests needs of one. */
class ClosingWire implements Wire {
  readonly kind = "websocket";
  readonly peer = makeActrId(1, 2n, makeActrType("acme", "Peer", "1"));
  readonly listeners: ((reason?: string) => void)[] = [];
  isOpen = true;

  lane(): Lane {
    throw new Error("not used");
  }

  onClose(listener: (reason?: string) => void): void {
    if (this.isOpen) this.listeners.push(listener);
    else listener("gone");
  }

  close(): void {
    this.isOpen = false;
    for (const listener of this.listeners.splice(0)) listener("gone");
  }
}

describe("pending requests: the wire that carried them", () => {
  it("fails the calls a wire carried when it closes, with a retryable TransportError, and leaves the others", async () => {
    const pending = new PendingRequests();
    const wire = new ClosingWire();
    const other = new ClosingWire();
    const carried = [track(pending.wait("a", "a.B.M", 60_000)), track(pending.wait("b", "a.B.M", 60_000))];
    const elsewhere = track(pending.wait("c", "a.B.M", 60_000));
    pending.failOnClose("a", wire);
    pending.failOnClose("b", wire);
    pending.failOnClose("c", other);
    expect(wire.listeners).toHaveLength(1);
    wire.close();
    await Promise.resolve();
    for (const call of carried) {
      expect(call.state).toBe("rejected");
      expect(call.error).toBeInstanceOf(TransportError);
      expect((call.error as TransportError).retryable).toBe(true);
      expect((call.error as TransportError).message).toContain("closed (gone)");
    }
    expect(elsewhere.state).toBe("waiting");
    expect(pending.resolve("c", new Uint8Array())).toBe(true);
  });

  it("fails at once a call whose wire closed before it was bound, and adds one close listener per wire however many calls it carries", async () => {
    const pending = new PendingRequests();
    const wire = new ClosingWire();
    for (let i = 0; i < 100; i++) {
      const reply = pending.wait(`r${i}`, "a.B.M", 60_000);
      pending.failOnClose(`r${i}`, wire);
      pending.resolve(`r${i}`, new Uint8Array());
      await reply;
    }
    expect(wire.listeners).toHaveLength(1);
    wire.close();
    const late = track(pending.wait("late", "a.B.M", 60_000));
    pending.failOnClose("late", wire);
    await Promise.resolve();
    expect(late.state).toBe("rejected");
    expect(pending.size).toBe(0);
  });
});

