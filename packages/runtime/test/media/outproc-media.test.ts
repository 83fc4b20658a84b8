import { describe, expect, it } from "vitest";
import { makeActrId, makeActrType } from "@actr/protocol";
import { TransportError } from "../../src/errors/actr-error.js";
import { OutprocMedia } from "../../src/transport/outproc-media.js";
import type { Wire } from "../../src/transport/wire.js";

const peer = makeActrId(1, 9n, makeActrType("acme", "Peer", "1.0.0"));

/** A WebRTC wire whose engine gives no RTP access: it has no media member. */
const wireWithoutMedia: Wire = {
  kind: "webrtc",
  peer,
  isOpen: true,
  lane: () => {
    throw new Error("not used");
  },
  onClose: () => undefined,
  close: () => undefined,
};

describe("media over the outproc transport", () => {
  it("names WebRTC as the only carrier when the peer has no WebRTC connection", async () => {
    const media = new OutprocMedia(() => Promise.reject(new TransportError("This actor does not dial webrtc (disabled in its configuration)")));
    const refusal = media.addTrack(peer, "mic", "OPUS", "audio");
    await expect(refusal).rejects.toBeInstanceOf(TransportError);
    await expect(refusal).rejects.toThrow(/travel over WebRTC only.*does not dial webrtc.*WebSocket never carries media/);
  });

  it("names the engine to use when the WebRTC engine gives no access to RTP", async () => {
    const media = new OutprocMedia(async () => wireWithoutMedia);
    await expect(media.sendSample(peer, "cam", { data: new Uint8Array(1), timestamp: 0 })).rejects.toThrow(/gives no access to RTP.*engine = "werift"/);
  });
});
