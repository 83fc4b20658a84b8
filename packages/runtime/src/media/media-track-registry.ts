import type { ActrId } from "@actr/protocol";
import type { Logger } from "../common/logger.js";
import { InvalidArgumentError } from "../errors/actr-error.js";
import { mediaCodecForPayloadType } from "./media-codec.js";
import type { MediaTrackCallback } from "./media-sample.js";
import { decodeRtpPacket, RtpPacketError, type RtpPacket } from "./rtp-packet.js";

/**
 * The Fast Path of media: each RTP packet of a remote track goes straight to the callback
 * registered for the track's id, outside the mailbox.
 */
export class MediaTrackRegistry {
  readonly #callbacks = new Map<string, MediaTrackCallback>();
  // Logged once per track, not once per packet.
  readonly #warned = new Set<string>();

  constructor(private readonly logger: Logger) {}

  register(trackId: string, callback: MediaTrackCallback): void {
    if (this.#callbacks.has(trackId)) {
      throw new InvalidArgumentError(`Media track "${trackId}" already has a callback; unregisterMediaTrack("${trackId}") first`);
    }
    this.#callbacks.set(trackId, callback);
    this.#warned.delete(trackId);
  }

  unregister(trackId: string): void {
    this.#callbacks.delete(trackId);
  }

  /** Decodes one RTP packet of `trackId` and hands it on; bad packets and failing callbacks are logged, never thrown. */
  deliverRtp(trackId: string, packet: Uint8Array, sender: ActrId): void {
    if (!this.#callbacks.has(trackId)) {
      this.#noCallback(trackId);
      return;
    }
    const rtp = this.#decode(trackId, packet);
    if (rtp !== undefined) this.deliver(trackId, rtp, sender);
  }

  /** Hands one RTP packet an engine already parsed to the callback of `trackId`. */
  deliver(trackId: string, rtp: RtpPacket, sender: ActrId): void {
    const callback = this.#callbacks.get(trackId);
    if (callback === undefined) {
      this.#noCallback(trackId);
      return;
    }
    const codec = mediaCodecForPayloadType(rtp.payloadType);
    if (codec === undefined) {
      this.#warnOnce(trackId, `Dropping RTP of media track "${trackId}": payload type ${rtp.payloadType} is none of ours (96 VP8, 97 H264, 98 VP9, 111 OPUS)`);
      return;
    }
    const sample = { trackId, codec: codec.codec, data: rtp.payload, timestamp: rtp.timestamp, marker: rtp.marker, sequenceNumber: rtp.sequenceNumber };
    try {
      const done = callback(sample, sender);
      if (done instanceof Promise) done.catch((error: unknown) => this.#failed(trackId, error));
    } catch (error) {
      this.#failed(trackId, error);
    }
  }

  #decode(trackId: string, packet: Uint8Array): RtpPacket | undefined {
    try {
      return decodeRtpPacket(packet);
    } catch (error) {
      if (!(error instanceof RtpPacketError)) throw error;
      this.logger.warn(`Dropped a malformed RTP packet of media track "${trackId}": ${error.message}`);
      return undefined;
    }
  }

  #noCallback(trackId: string): void {
    this.#warnOnce(trackId, `Dropping RTP of media track "${trackId}": no callback registered for it`);
  }

  #warnOnce(trackId: string, message: string): void {
    if (this.#warned.has(trackId)) return;
    this.#warned.add(trackId);
    this.logger.warn(message);
  }

  #failed(trackId: string, error: unknown): void {
    this.logger.warn(`Callback of media track "${trackId}" failed`, error);
  }
}
