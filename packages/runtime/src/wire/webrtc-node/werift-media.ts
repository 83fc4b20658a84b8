import { MediaStream, MediaStreamTrack, RTCRtpCodecParameters, type RTCPeerConnection, type RtpPacket as WeriftRtpPacket } from "werift";
import { mediaCodecsOfKind, type MediaCodecSpec, type MediaKind } from "../../media/media-codec.js";
import type { RtpPacket } from "../../media/rtp-packet.js";
import type { RtcLocalTrackSpec, RtcMedia, RtcRemoteRtpTrack, RtcRtpTrackSender } from "../webrtc/rtc-media-api.js";

/** The msid stream every actr track belongs to; only the track id part means something. */
const STREAM_ID = "actr";

/** The codec lists werift offers, with the payload types every actr implementation uses. */
export function weriftCodecs(): Record<MediaKind, RTCRtpCodecParameters[]> {
  const list = (kind: MediaKind) => mediaCodecsOfKind(kind).map(weriftCodec);
  return { audio: list("audio"), video: list("video") };
}

function weriftCodec(spec: MediaCodecSpec): RTCRtpCodecParameters {
  return new RTCRtpCodecParameters({
    mimeType: spec.mimeType,
    clockRate: spec.clockRate,
    payloadType: spec.payloadType,
    ...(spec.channels === undefined ? {} : { channels: spec.channels }),
    ...(spec.fmtp === undefined ? {} : { parameters: spec.fmtp }),
  });
}

/** werift's transceivers as RtcMedia: addTransceiver + writeRtp out, ontrack + onReceiveRtp in. */
export class WeriftMedia implements RtcMedia {
  ontrack: ((track: RtcRemoteRtpTrack) => void) | null = null;

  // werift fires ontrack again for every known track on each renegotiation.
  private readonly known = new WeakSet<object>();

  constructor(private readonly pc: RTCPeerConnection) {
    pc.ontrack = ({ track, transceiver }) => {
      if (this.known.has(track)) return;
      this.known.add(track);
      // The receiver's own track id is random; the sender's id is the msid it announced.
      const remote: RtcRemoteRtpTrack = { trackId: transceiver.receiver.remoteTrackId ?? track.id ?? "", onrtp: null };
      track.onReceiveRtp.subscribe((packet) => remote.onrtp?.(fromWerift(packet)));
      this.ontrack?.(remote);
    };
  }

  addTrack(spec: RtcLocalTrackSpec): RtcRtpTrackSender {
    const track = new MediaStreamTrack({ kind: spec.codec.kind });
    const transceiver = this.pc.addTransceiver(track, { direction: "sendonly", streams: [new MediaStream({ id: STREAM_ID })] });
    // werift sends with the first codec of the m-section, so the track's codec is its only one.
    transceiver.codecs = [weriftCodec(spec.codec)];
    const { sender } = transceiver;
    // werift types these as readonly but reads them when it writes the SDP (msid, a=ssrc) and each packet.
    Object.assign(sender, { trackId: spec.trackId, ssrc: spec.ssrc });
    track.id = spec.trackId;
    return { writeRtp: (packet) => track.writeRtp(Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength)) };
  }
}

function fromWerift(packet: WeriftRtpPacket): RtpPacket {
  const { header, payload } = packet;
  return {
    payloadType: header.payloadType,
    sequenceNumber: header.sequenceNumber,
    timestamp: header.timestamp,
    ssrc: header.ssrc,
    marker: header.marker,
    payload: new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength),
  };
}
