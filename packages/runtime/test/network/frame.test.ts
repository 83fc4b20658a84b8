import { describe, expect, it } from "vitest";
import { PayloadType } from "../../src/common/payload-type.js";
import { decodeFrame, encodeFrame, FrameError } from "../../src/wire/websocket/frame.js";

describe("peer WebSocket framing", () => {
  it("writes [type][u32 BE length][data] and reads it back", () => {
    const frame = encodeFrame(PayloadType.STREAM_RELIABLE, new Uint8Array([7, 8, 9]));
    expect([...frame]).toEqual([2, 0, 0, 0, 3, 7, 8, 9]);
    const decoded = decodeFrame(frame);
    expect(decoded.payloadType).toBe(PayloadType.STREAM_RELIABLE);
    expect([...decoded.data]).toEqual([7, 8, 9]);
  });

  it("carries an empty payload", () => {
    const decoded = decodeFrame(encodeFrame(PayloadType.RPC_SIGNAL, new Uint8Array(0)));
    expect(decoded.payloadType).toBe(PayloadType.RPC_SIGNAL);
    expect(decoded.data.byteLength).toBe(0);
  });

  it("reads a frame that sits at an offset of a larger buffer", () => {
    const backing = new Uint8Array(20);
    backing.set(encodeFrame(PayloadType.MEDIA_RTP, new Uint8Array([1, 2])), 10);
    const decoded = decodeFrame(backing.subarray(10, 17));
    expect(decoded.payloadType).toBe(PayloadType.MEDIA_RTP);
    expect([...decoded.data]).toEqual([1, 2]);
  });

  it.each([
    ["empty", [], /shorter than the 5-byte header/],
    ["4 bytes", [0, 0, 0, 0], /shorter than the 5-byte header/],
    ["type 5", [5, 0, 0, 0, 0], /unknown payload type 5/],
    ["type 255", [255, 0, 0, 0, 1, 0], /unknown payload type 255/],
    ["length too long", [0, 0, 0, 0, 4, 1, 2], /announces 4 data bytes but carries 2/],
    ["length too short", [0, 0, 0, 0, 1, 1, 2], /announces 1 data bytes but carries 2/],
    ["huge length", [0, 255, 255, 255, 255], /announces 4294967295 data bytes but carries 0/],
  ])("rejects a frame that is %s", (_name, bytes, message) => {
    expect(() => decodeFrame(new Uint8Array(bytes))).toThrow(FrameError);
    expect(() => decodeFrame(new Uint8Array(bytes))).toThrow(message);
  });
});
