import type { MediaCodecSpec } from "../../media/media-codec.js";
import type { RtpPacket } from "../../media/rtp-packet.js";

/**
 * RTP media of a peer connection, for engines that give access to RTP packets (werift). An actr
 * media track is one m-section whose `a=msid:<stream> <track id>` carries the actr track id, so
 * the receiver knows the track by its id whatever SSRC and mid the engines chose.
 */
export interface RtcMedia {
  /**
   * Adds a send-only track (a transceiver offering `codec` alone) announcing `trackId`; the caller
   * then renegotiates. `ssrc` is the track's; engines that pick their own keep theirs.
   */
  addTrack(track: RtcLocalTrackSpec): RtcRtpTrackSender;
  /** A track the peer added, once a description announcing it is applied. */
  ontrack: ((track: RtcRemoteRtpTrack) => void) | null;
}

export interface RtcLocalTrackSpec {
  readonly trackId: string;
  readonly codec: MediaCodecSpec;
  readonly ssrc: number;
}

export interface RtcRtpTrackSender {
  /** Sends one RTP packet; the engine sets the negotiated payload type and its SSRC. */
  writeRtp(packet: Uint8Array): void;
}

export interface RtcRemoteRtpTrack {
  /** The track id the sender announced in its msid. */
  readonly trackId: string;
  /** Every RTP packet that arrives on the track, parsed. */
  onrtp: ((packet: RtpPacket) => void) | null;
}
