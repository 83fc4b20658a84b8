import type { Logger } from "../../common/logger.js";
import { InvalidArgumentError } from "../../errors/actr-error.js";
import type { MediaCodec, MediaKind } from "../../media/media-codec.js";
import type { MediaSample } from "../../media/media-sample.js";
import { OutboundMediaTrack } from "../../media/outbound-media-track.js";
import type { RtpPacket } from "../../media/rtp-packet.js";
import type { RtcMedia, RtcRtpTrackSender } from "./rtc-media-api.js";

export interface PeerMediaOptions {
  /** The peer as logs name it. */
  readonly peerName: string;
  /** Offers the connection again so that the peer learns of a new track; resolves once answered. */
  readonly renegotiate: () => Promise<void>;
  /** Receives every RTP packet of the peer's tracks. */
  readonly onRtp: (trackId: string, packet: RtpPacket) => void;
  readonly logger: Logger;
}

interface SendingTrack {
  readonly track: OutboundMediaTrack;
  readonly sender: RtcRtpTrackSender;
}

/**
 * The media tracks of one peer connection: ours (each added by renegotiating the live
 * connection) and the peer's, whose packets go to onRtp under the track id the peer announced.
 * Tracks live as long as the connection; after a reconnection they are added again.
 */
export class PeerMedia {
  private readonly sending = new Map<string, SendingTrack>();

  constructor(
    private readonly api: RtcMedia,
    private readonly options: PeerMediaOptions,
  ) {
    api.ontrack = (remote) => {
      if (remote.trackId === "") {
        options.logger.warn(`Ignored a media track from ${options.peerName} that announces no track id (a=msid)`);
        return;
      }
      remote.onrtp = (packet) => options.onRtp(remote.trackId, packet);
    };
  }

  /** Adds a send-only track and renegotiates; rejects when the peer does not answer. */
  async addTrack(trackId: string, codec: MediaCodec, kind: MediaKind): Promise<void> {
    if (trackId === "" || /\s/.test(trackId)) {
      throw new InvalidArgumentError(`Media track id ${JSON.stringify(trackId)} must be non-empty and without spaces (it travels in the SDP msid)`);
    }
    if (this.sending.has(trackId)) throw new InvalidArgumentError(`Media track "${trackId}" to ${this.options.peerName} was added already`);
    const track = new OutboundMediaTrack(trackId, codec, kind);
    const sender = this.api.addTrack({ trackId, codec: track.spec, ssrc: track.ssrc });
    this.sending.set(trackId, { track, sender });
    await this.options.renegotiate();
  }

  hasTrack(trackId: string): boolean {
    return this.sending.has(trackId);
  }

  /** Sends one sample as one RTP packet of the track. */
  send(trackId: string, sample: MediaSample): void {
    const entry = this.sending.get(trackId);
    if (entry === undefined) {
      throw new InvalidArgumentError(`No media track "${trackId}" to ${this.options.peerName}: call addMediaTrack first`);
    }
    entry.sender.writeRtp(entry.track.packetize(sample));
  }
}
