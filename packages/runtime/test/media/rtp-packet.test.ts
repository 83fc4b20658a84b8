import { describe, expect, it } from "vitest";
import { decodeRtpPacket, encodeRtpPacket, RtpPacketError } from "../../src/media/rtp-packet.js";

describe("RTP packets", () => {
  it("round-trips every header field and the payload", () => {
    const packet = { payloadType: 111, sequenceNumber: 65535, timestamp: 0xfffffff0, ssrc: 0xdeadbeef, marker: true, payload: new Uint8Array([1, 2, 3]) };
    const bytes = encodeRtpPacket(packet);
    expect(bytes.byteLength).toBe(15);
    expect(bytes[0]).toBe(0x80); // version 2, no padding, extension or CSRC
    expect(bytes[1]).toBe(0x80 | 111);
    expect(decodeRtpPacket(bytes)).toEqual(packet);
  });

  it("skips CSRCs, a header extension and padding added by other senders", () => {
    const bytes = new Uint8Array([
      0xb1, 96, 0, 7, 0, 0, 0, 9, 0, 0, 0, 5, // V=2, P=1, X=1, CC=1; PT 96; seq 7; ts 9; ssrc 5
      0, 0, 0, 1, // one CSRC
      0xbe, 0xde, 0, 1, 0x10, 0xaa, 0, 0, // one-byte extension header, one word
      0x42, 0x43, // payload
      0, 0, 3, // 3 bytes of padding
    ]);
    const packet = decodeRtpPacket(bytes);
    expect([...packet.payload]).toEqual([0x42, 0x43]);
    expect(packet).toMatchObject({ payloadType: 96, sequenceNumber: 7, timestamp: 9, ssrc: 5, marker: false });
  });

  it("refuses packets that are cut off or not RTP version 2", () => {
    expect(() => decodeRtpPacket(new Uint8Array(11))).toThrow(RtpPacketError);
    expect(() => decodeRtpPacket(new Uint8Array(12))).toThrow(/version 0 is not 2/);
    expect(() => decodeRtpPacket(new Uint8Array([0x8f, 96, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toThrow(/exceeds the 12-byte packet/);
    expect(() => decodeRtpPacket(new Uint8Array([0xa0, 96, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9]))).toThrow(RtpPacketError);
    expect(() => encodeRtpPacket({ payloadType: 128, sequenceNumber: 0, timestamp: 0, ssrc: 0, marker: false, payload: new Uint8Array() })).toThrow(RangeError);
  });
});
