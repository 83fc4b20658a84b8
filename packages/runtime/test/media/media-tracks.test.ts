import { describe, expect, it } from "vitest";
import { makeActrId, makeActrType, type ActrId } from "@actr/protocol";
import { MediaTrackRegistry } from "../../src/media/media-track-registry.js";
import type { ReceivedMediaSample } from "../../src/media/media-sample.js";
import { OutboundMediaTrack } from "../../src/media/outbound-media-track.js";
import { decodeRtpPacket } from "../../src/media/rtp-packet.js";
import { memoryLogger } from "../support/temp-dir.js";

const sender: ActrId = makeActrId(1, 7n, makeActrType("acme", "Camera", "1.0.0"));

describe("outbound media tracks", () => {
  it("send each sample as one RTP packet with the codec's payload type, one SSRC and consecutive sequence numbers", () => {
    const track = new OutboundMediaTrack("cam", "VP8", "video");
    const packets = [0, 1, 2].map((n) => decodeRtpPacket(track.packetize({ data: new Uint8Array([n]), timestamp: n * 3000, marker: n === 2 })));
    expect(packets.map((packet) => packet.payloadType)).toEqual([96, 96, 96]);
    expect(new Set(packets.map((packet) => packet.ssrc))).toEqual(new Set([track.ssrc]));
    const first = packets[0]!.sequenceNumber;
    expect(packets.map((packet) => packet.sequenceNumber)).toEqual([first, (first + 1) & 0xffff, (first + 2) & 0xffff]);
    expect(packets.map((packet) => packet.marker)).toEqual([false, false, true]);
    expect(packets.map((packet) => packet.timestamp)).toEqual([0, 3000, 6000]);
  });

  it("give each track its own SSRC and refuse a codec of the other kind", () => {
    expect(new OutboundMediaTrack("a", "OPUS", "audio").ssrc).not.toBe(new OutboundMediaTrack("b", "OPUS", "audio").ssrc);
    expect(new OutboundMediaTrack("mic", "OPUS", "audio").spec.payloadType).toBe(111);
    expect(new OutboundMediaTrack("h", "H264", "video").spec.payloadType).toBe(97);
    expect(new OutboundMediaTrack("v", "VP9", "video").spec.payloadType).toBe(98);
    expect(() => new OutboundMediaTrack("mic", "OPUS", "video")).toThrow(/codec OPUS carries audio, not video/);
  });
});

describe("the media track registry", () => {
  it("hands decoded samples to the callback of their track id, in order", () => {
    const registry = new MediaTrackRegistry(memoryLogger());
    const received: [ReceivedMediaSample, ActrId][] = [];
    registry.register("mic", (sample, from) => void received.push([sample, from]));
    const track = new OutboundMediaTrack("mic", "OPUS", "audio");
    for (let n = 0; n < 5; n++) registry.deliverRtp("mic", track.packetize({ data: new Uint8Array([n]), timestamp: n * 960 }), sender);
    expect(received.map(([sample]) => sample.data[0])).toEqual([0, 1, 2, 3, 4]);
    expect(received.every(([sample, from]) => sample.trackId === "mic" && sample.codec === "OPUS" && from === sender)).toBe(true);
  });

  it("drops packets without a callback, malformed ones and foreign payload types, logging instead of throwing", () => {
    const logger = memoryLogger();
    const registry = new MediaTrackRegistry(logger);
    const track = new OutboundMediaTrack("cam", "VP8", "video");
    registry.deliverRtp("cam", track.packetize({ data: new Uint8Array(1), timestamp: 0 }), sender);
    registry.deliverRtp("cam", track.packetize({ data: new Uint8Array(1), timestamp: 1 }), sender);
    const received: ReceivedMediaSample[] = [];
    registry.register("cam", (sample) => void received.push(sample));
    registry.deliverRtp("cam", new Uint8Array(3), sender);
    registry.deliverRtp("cam", new Uint8Array([0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), sender); // PT 0 (PCMU)
    registry.register("bad", () => {
      throw new Error("callback bug");
    });
    registry.deliverRtp("bad", track.packetize({ data: new Uint8Array(1), timestamp: 2 }), sender);
    expect(received).toEqual([]);
    expect(logger.lines.filter((line) => line.includes("no callback registered"))).toHaveLength(1);
    expect(logger.lines.some((line) => line.includes("malformed RTP packet"))).toBe(true);
    expect(logger.lines.some((line) => line.includes("payload type 0 is none of ours"))).toBe(true);
    expect(logger.lines.some((line) => line.includes('Callback of media track "bad" failed'))).toBe(true);
  });

  it("refuses a second callback for one track until the first is unregistered", () => {
    const registry = new MediaTrackRegistry(memoryLogger());
    registry.register("cam", () => undefined);
    expect(() => registry.register("cam", () => undefined)).toThrow(/unregisterMediaTrack\("cam"\) first/);
    registry.unregister("cam");
    expect(() => registry.register("cam", () => undefined)).not.toThrow();
  });
});
