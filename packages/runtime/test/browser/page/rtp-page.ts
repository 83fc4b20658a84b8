// A page that packetizes media samples with the runtime's own RTP code, bundled for Chromium.
import { OutboundMediaTrack } from "../../../src/media/outbound-media-track.js";

export interface RtpPage {
  packetize(payloads: readonly number[][]): number[][];
}

const api: RtpPage = {
  packetize(payloads) {
    const track = new OutboundMediaTrack("cam", "VP8", "video");
    return payloads.map((payload, n) => [...track.packetize({ data: new Uint8Array(payload), timestamp: n * 3000 })]);
  },
};
Object.assign(globalThis, { actrPage: api });
