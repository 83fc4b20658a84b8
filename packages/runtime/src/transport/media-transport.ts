import type { ActrId } from "@actr/protocol";
import type { MediaCodec, MediaKind } from "../media/media-codec.js";
import type { MediaSample } from "../media/media-sample.js";
import type { RtpPacket } from "../media/rtp-packet.js";

/** Receives every RTP packet of the media tracks remote actors added toward this one. */
export type MediaSink = (sender: ActrId, trackId: string, packet: RtpPacket) => void;

/** Native RTP media to remote actors; only WebRTC carries it (never WebSocket). */
export interface MediaTransport {
  /** Adds a track toward `target` (renegotiating its WebRTC connection); rejects with a TransportError when there is none. */
  addTrack(target: ActrId, trackId: string, codec: MediaCodec, kind: MediaKind): Promise<void>;
  /** Sends one sample of a track added before. */
  sendSample(target: ActrId, trackId: string, sample: MediaSample): Promise<void>;
  setMediaSink(sink: MediaSink): void;
}
