import { encodeRtpPacket } from "./rtp-packet.js";
import { mediaCodecSpec, type MediaCodec, type MediaCodecSpec, type MediaKind } from "./media-codec.js";
import type { MediaSample } from "./media-sample.js";

function randomU32(): number {
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0]!;
}

/**
 * The sending half of one media track: a random SSRC and a sequence counter starting at a random
 * value (RFC 3550 section 5.1), turning each sample into one RTP packet.
 */
export class OutboundMediaTrack {
  readonly spec: MediaCodecSpec;
  readonly ssrc = randomU32();
  #sequence = randomU32() & 0xffff;

  constructor(
    readonly trackId: string,
    codec: MediaCodec,
    readonly kind: MediaKind,
  ) {
    this.spec = mediaCodecSpec(codec);
    if (this.spec.kind !== kind) {
      throw new RangeError(`Media track "${trackId}": codec ${codec} carries ${this.spec.kind}, not ${kind}`);
    }
  }

  /** The RTP packet of the next sample. */
  packetize(sample: MediaSample): Uint8Array {
    const packet = encodeRtpPacket({
      payloadType: this.spec.payloadType,
      sequenceNumber: this.#sequence,
      timestamp: sample.timestamp,
      ssrc: this.ssrc,
      marker: sample.marker ?? true,
      payload: sample.data,
    });
    this.#sequence = (this.#sequence + 1) & 0xffff;
    return packet;
  }
}
