import type { ActrId } from "@actr/protocol";
import type { Dest } from "../common/dest.js";
import type { Logger } from "../common/logger.js";
import { InvalidArgumentError, TransportError } from "../errors/actr-error.js";
import type { MediaSink, MediaTransport } from "../transport/media-transport.js";
import type { MediaCodec, MediaKind } from "./media-codec.js";
import type { MediaSample, MediaTrackCallback } from "./media-sample.js";
import { MediaTrackRegistry } from "./media-track-registry.js";

/**
 * The media side of one actor, behind the Context methods: tracks toward remote actors go through
 * the network's media transport; received samples go to the callback of their track id.
 */
export class MediaService {
  readonly tracks: MediaTrackRegistry;
  /** Where the network hands received RTP. */
  readonly sink: MediaSink = (sender, trackId, packet) => this.tracks.deliver(trackId, packet, sender);

  constructor(
    logger: Logger,
    private readonly transport: () => MediaTransport | undefined,
  ) {
    this.tracks = new MediaTrackRegistry(logger);
  }

  addTrack(dest: Dest, trackId: string, codec: MediaCodec, kind: MediaKind): Promise<void> {
    return this.#route(dest, "addMediaTrack", (media, target) => media.addTrack(target, trackId, codec, kind));
  }

  sendSample(dest: Dest, trackId: string, sample: MediaSample): Promise<void> {
    return this.#route(dest, "sendMediaSample", (media, target) => media.sendSample(target, trackId, sample));
  }

  register(trackId: string, callback: MediaTrackCallback): void {
    this.tracks.register(trackId, callback);
  }

  unregister(trackId: string): void {
    this.tracks.unregister(trackId);
  }

  async #route(dest: Dest, what: string, run: (media: MediaTransport, target: ActrId) => Promise<void>): Promise<void> {
    if (dest.kind !== "actor") {
      throw new InvalidArgumentError(`${what}: media goes to remote actors (Dest.actor(id)) over WebRTC, not to Dest.${dest.kind}()`);
    }
    const media = this.transport();
    if (media === undefined) throw new TransportError(`${what}: this actor has no network that carries media (WebRTC); configure [system.signaling]`);
    return run(media, dest.id);
  }
}
