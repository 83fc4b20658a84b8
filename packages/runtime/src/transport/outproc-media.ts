import { actrIdToString, type ActrId } from "@actr/protocol";
import { TransportError } from "../errors/actr-error.js";
import type { MediaCodec, MediaKind } from "../media/media-codec.js";
import type { MediaSample } from "../media/media-sample.js";
import type { RtpPacket } from "../media/rtp-packet.js";
import type { PeerMedia } from "../wire/webrtc/peer-media.js";
import type { MediaSink, MediaTransport } from "./media-transport.js";
import type { Wire } from "./wire.js";

/** A wire that may carry media: the WebRTC wire exposes its connection's tracks. */
interface MediaCapableWire extends Wire {
  readonly media?: PeerMedia | undefined;
}

/**
 * Media over the WebRTC wire of each peer: a track is added to the peer's open WebRTC connection
 * (dialing it when there is none); a peer reached only by WebSocket cannot take media.
 */
export class OutprocMedia implements MediaTransport {
  private sink: MediaSink | undefined;

  constructor(private readonly webrtcWire: (target: ActrId) => Promise<MediaCapableWire>) {}

  async addTrack(target: ActrId, trackId: string, codec: MediaCodec, kind: MediaKind): Promise<void> {
    await (await this.media(target)).addTrack(trackId, codec, kind);
  }

  async sendSample(target: ActrId, trackId: string, sample: MediaSample): Promise<void> {
    (await this.media(target)).send(trackId, sample);
  }

  setMediaSink(sink: MediaSink): void {
    this.sink = sink;
  }

  /** Wires call this with every RTP packet of a peer's track. */
  deliver(sender: ActrId, trackId: string, packet: RtpPacket): void {
    this.sink?.(sender, trackId, packet);
  }

  private async media(target: ActrId): Promise<PeerMedia> {
    let wire: MediaCapableWire;
    try {
      wire = await this.webrtcWire(target);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new TransportError(
        `Media tracks travel over WebRTC only, and ${actrIdToString(target)} has no WebRTC connection (${why}); WebSocket never carries media`,
        { cause: error },
      );
    }
    if (wire.media === undefined) {
      throw new TransportError(`The WebRTC engine of this actor gives no access to RTP, so it cannot send media to ${actrIdToString(target)}; use [system.webrtc] engine = "werift"`);
    }
    return wire.media;
  }
}
