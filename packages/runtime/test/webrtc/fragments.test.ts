import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FRAGMENT_HEADER_BYTES, FragmentError, MAX_FRAGMENT_DATA_BYTES, readFragmentHeader, writeFragmentHeader } from "../../src/wire/webrtc/fragment-header.js";
import { fragment } from "../../src/wire/webrtc/fragmenter.js";
import { Reassembler } from "../../src/wire/webrtc/reassembler.js";

const limits = { maxMessageBytes: 1_000_000, maxPendingBytes: 1_500_000, timeoutMs: 1_000 };

function pattern(size: number): Uint8Array {
  return Uint8Array.from({ length: size }, (_, i) => (i * 31) & 0xff);
}

describe("fragment header and reassembly", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("puts an 8-byte header on every message, also a single one", () => {
    const [only] = fragment(7, new Uint8Array([1, 2, 3]));
    expect([...only!]).toEqual([0, 0, 0, 7, 0, 0, 0, 1, 1, 2, 3]);
    expect(readFragmentHeader(only!)).toEqual({ messageId: 7, index: 0, total: 1 });
  });

  it("splits at 65,527 bytes and reassembles in any order", () => {
    const data = pattern(2 * MAX_FRAGMENT_DATA_BYTES + 10);
    const messages = fragment(0xffff_fffe, data);
    expect(messages.map((m) => m.byteLength)).toEqual([65_535, 65_535, 18]);
    const reassembler = new Reassembler(limits, () => undefined);
    expect(reassembler.accept(messages[2]!)).toBeUndefined();
    expect(reassembler.accept(messages[0]!)).toBeUndefined();
    expect(reassembler.accept(messages[1]!)).toEqual(data);
  });

  it("refuses fragments that disagree with each other, and envelopes over the limit", () => {
    const reassembler = new Reassembler(limits, () => undefined);
    const [first, second] = fragment(1, pattern(MAX_FRAGMENT_DATA_BYTES + 1));
    reassembler.accept(first!);
    expect(() => reassembler.accept(first!)).toThrow(/arrived twice/);
    const forged = second!.slice();
    forged[7] = 3;
    expect(() => reassembler.accept(forged)).toThrow(FragmentError);
    const big = fragment(2, pattern(1_100_000));
    expect(() => big.forEach((message) => reassembler.accept(message))).toThrow(/exceeds the limit of 1000000 bytes/);
    // The rest of a refused envelope is dropped quietly; a new one still gets through.
    for (const message of big.slice(-2)) expect(reassembler.accept(message)).toBeUndefined();
    expect(reassembler.accept(fragment(3, pattern(5))[0]!)).toEqual(pattern(5));
  });

  it("drops an incomplete envelope after the timeout and frees its bytes", () => {
    const expired: number[] = [];
    const reassembler = new Reassembler({ ...limits, maxPendingBytes: 100_000 }, (id) => expired.push(id));
    const [first] = fragment(4, pattern(MAX_FRAGMENT_DATA_BYTES + 1));
    reassembler.accept(first!);
    // A second incomplete envelope would pass the lane's bound of pending bytes.
    expect(() => reassembler.accept(fragment(5, pattern(MAX_FRAGMENT_DATA_BYTES + 1))[0]!)).toThrow(/incomplete messages/);
    vi.advanceTimersByTime(1_000);
    expect(expired).toEqual([4]);
    expect(reassembler.accept(fragment(6, pattern(MAX_FRAGMENT_DATA_BYTES + 1))[0]!)).toBeUndefined();
    reassembler.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("bounds what empty fragments announcing many parts may hold", () => {
    const reassembler = new Reassembler({ ...limits, maxPendingBytes: 100_000 }, () => undefined);
    const headerOnly = (messageId: number, total: number): Uint8Array => {
      const message = new Uint8Array(FRAGMENT_HEADER_BYTES);
      writeFragmentHeader(message, { messageId, index: 0, total });
      return message;
    };
    // More fragments than the largest envelope can need.
    expect(() => reassembler.accept(headerOnly(1, 0xffff))).toThrow(/message 1 of 65535 fragments exceeds the limit of 1000000 bytes/);
    // Each announced part counts against the lane's bound, so a stream of them is refused early.
    const accepted: number[] = [];
    for (let id = 2; id < 1_000; id++) {
      try {
        reassembler.accept(headerOnly(id, 16));
        accepted.push(id);
      } catch (error) {
        expect(error).toBeInstanceOf(FragmentError);
        break;
      }
    }
    expect(accepted.length).toBe(Math.floor(100_000 / (16 * 8)));
    reassembler.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});
