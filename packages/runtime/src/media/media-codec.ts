/** What a media track carries; "audio" | "video" as in SDP. */
export type MediaKind = "audio" | "video";

/** Codecs a media track may carry. */
export type MediaCodec = "VP8" | "H264" | "VP9" | "OPUS";

export interface MediaCodecSpec {
  readonly codec: MediaCodec;
  readonly kind: MediaKind;
  /** RTP payload type, fixed for every actr implementation. */
  readonly payloadType: number;
  /** Units of the RTP timestamp per second. */
  readonly clockRate: number;
  /** Audio channels (SDP rtpmap encoding parameter); undefined for video. */
  readonly channels?: number;
  /** e.g. "video/VP8", as in RTCRtpCodecParameters.mimeType. */
  readonly mimeType: string;
  /** SDP fmtp parameters, where browsers need them to accept the codec. */
  readonly fmtp?: string;
}

const SPECS: readonly MediaCodecSpec[] = [
  { codec: "VP8", kind: "video", payloadType: 96, clockRate: 90_000, mimeType: "video/VP8" },
  { codec: "H264", kind: "video", payloadType: 97, clockRate: 90_000, mimeType: "video/H264", fmtp: "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f" },
  { codec: "VP9", kind: "video", payloadType: 98, clockRate: 90_000, mimeType: "video/VP9" },
  { codec: "OPUS", kind: "audio", payloadType: 111, clockRate: 48_000, channels: 2, mimeType: "audio/opus" },
];

export const MEDIA_CODECS: readonly MediaCodec[] = SPECS.map((spec) => spec.codec);

export function mediaCodecSpec(codec: MediaCodec): MediaCodecSpec {
  const spec = SPECS.find((candidate) => candidate.codec === codec);
  if (spec === undefined) throw new RangeError(`Unknown media codec ${JSON.stringify(codec)}; use one of ${MEDIA_CODECS.join(", ")}`);
  return spec;
}

/** The codec of an RTP payload type, or undefined for a payload type that is not ours. */
export function mediaCodecForPayloadType(payloadType: number): MediaCodecSpec | undefined {
  return SPECS.find((spec) => spec.payloadType === payloadType);
}

/** The codecs of one kind, for an engine's transceiver codec list. */
export function mediaCodecsOfKind(kind: MediaKind): readonly MediaCodecSpec[] {
  return SPECS.filter((spec) => spec.kind === kind);
}
