import { afterEach, describe, expect, it } from "vitest";
import { actrIdToString } from "@actr/protocol";
import type { RtpPacket } from "../../src/media/rtp-packet.js";
import { PayloadType } from "../../src/common/payload-type.js";
import type { WebRtcWire } from "../../src/wire/webrtc/webrtc-wire.js";
import { weriftEngine } from "../../src/wire/webrtc-node/werift-engine.js";
import { testId } from "../network/peer-fixture.js";
import { testEnd, until, type TestEnd } from "./connector-fixture.js";
import { RelayHub } from "./relay-hub.js";

interface Received {
  readonly sender: string;
  readonly trackId: string;
  readonly packet: RtpPacket;
}

describe("media tracks over the WebRTC wire (werift)", () => {
  let ends: TestEnd[] = [];
  afterEach(() => {
    for (const end of ends) end.connector.close();
    ends = [];
  });

  /** Two connected ends; `received[i]` collects what end i got on its media tracks. */
  async function connected(): Promise<{ wires: [WebRtcWire, WebRtcWire]; ends: [TestEnd, TestEnd]; received: [Received[], Received[]] }> {
    const hub = new RelayHub();
    const received: [Received[], Received[]] = [[], []];
    const end = (index: 0 | 1, serial: bigint) =>
      testEnd(hub, testId(serial, `Media${serial}`), weriftEngine, {
        onMediaRtp: (sender, trackId, packet) => void received[index].push({ sender: actrIdToString(sender), trackId, packet }),
      });
    // The caller has the larger serial, so it offers; the callee answers.
    const caller = end(0, 2n);
    const callee = end(1, 1n);
    ends = [caller, callee];
    const wire = (await caller.connector.connect(callee.id)) as WebRtcWire;
    await until(() => callee.inbound.length === 1);
    return { wires: [wire, callee.inbound[0] as WebRtcWire], ends: [caller, callee], received };
  }

  const sample = (n: number) => ({ data: new TextEncoder().encode(`frame ${n}`), timestamp: n * 3000 });
  const text = (received: Received) => new TextDecoder().decode(received.packet.payload);

  it("adds a track to a live connection by renegotiating; samples arrive in order under the track id, with VP8's payload type", async () => {
    const { wires, ends, received } = await connected();
    await wires[0].media!.addTrack("camera", "VP8", "video");
    for (let n = 0; n < 20; n++) wires[0].media!.send("camera", sample(n));
    await until(() => received[1].length === 20);
    expect(received[1].map(text)).toEqual(Array.from({ length: 20 }, (_, n) => `frame ${n}`));
    expect(received[1].every((r) => r.trackId === "camera" && r.sender === actrIdToString(ends[0].id) && r.packet.payloadType === 96)).toBe(true);
    const sequence = received[1].map((r) => r.packet.sequenceNumber);
    expect(sequence.slice(1).every((value, i) => value === ((sequence[i]! + 1) & 0xffff))).toBe(true);
    expect(new Set(received[1].map((r) => r.packet.ssrc)).size).toBe(1);
    // The DataChannel lanes still work after the renegotiation.
    await wires[0].lane(PayloadType.RPC_RELIABLE).send(new Uint8Array([1]));
    await until(() => ends[1].arrivals.length === 1);
  });

  it("lets the answering side add tracks too, and keeps two tracks apart by id and codec", async () => {
    const { wires, received } = await connected();
    await wires[1].media!.addTrack("mic", "OPUS", "audio");
    await wires[1].media!.addTrack("screen", "H264", "video");
    for (let n = 0; n < 10; n++) {
      wires[1].media!.send("mic", sample(n));
      wires[1].media!.send("screen", sample(100 + n));
    }
    await until(() => received[0].length === 20);
    const byTrack = (trackId: string) => received[0].filter((r) => r.trackId === trackId);
    expect(byTrack("mic").map(text)).toEqual(Array.from({ length: 10 }, (_, n) => `frame ${n}`));
    expect(byTrack("screen").map(text)).toEqual(Array.from({ length: 10 }, (_, n) => `frame ${100 + n}`));
    expect(new Set(byTrack("mic").map((r) => r.packet.payloadType))).toEqual(new Set([111]));
    expect(new Set(byTrack("screen").map((r) => r.packet.payloadType))).toEqual(new Set([97]));
    expect(byTrack("mic")[0]!.packet.ssrc).not.toBe(byTrack("screen")[0]!.packet.ssrc);
  });

  it("refuses a sample for a track never added, and a track added twice", async () => {
    const { wires } = await connected();
    expect(() => wires[0].media!.send("nope", sample(0))).toThrow(/call addMediaTrack first/);
    await wires[0].media!.addTrack("cam", "VP8", "video");
    await expect(wires[0].media!.addTrack("cam", "VP8", "video")).rejects.toThrow(/was added already/);
    await expect(wires[0].media!.addTrack("two words", "VP8", "video")).rejects.toThrow(/without spaces/);
  });
});
