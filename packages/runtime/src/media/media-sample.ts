import type { ActrId } from "@actr/protocol";
import type { MediaCodec } from "./media-codec.js";

/** One sample to send on a media track: it travels as one RTP packet. */
export interface MediaSample {
  /** The RTP payload: an encoded frame, or one packetized part of it. */
  readonly data: Uint8Array;
  /** RTP timestamp in the codec's clock (90 kHz video, 48 kHz Opus); u32, wraps around. */
  readonly timestamp: number;
  /** RTP marker bit; for video, the last packet of a frame. Default true. */
  readonly marker?: boolean;
}

/** A sample as the receiving actor gets it. */
export interface ReceivedMediaSample {
  readonly trackId: string;
  readonly codec: MediaCodec;
  readonly data: Uint8Array;
  readonly timestamp: number;
  readonly marker: boolean;
  /** RTP sequence number (u16, wraps around): gaps show lost packets. */
  readonly sequenceNumber: number;
}

/** Fast Path callback of a media track: no Context, concurrent with the State Path. */
export type MediaTrackCallback = (sample: ReceivedMediaSample, sender: ActrId) => void | Promise<void>;
