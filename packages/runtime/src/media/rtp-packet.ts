/**
 * An RTP packet (RFC 3550) as one media sample travels: fixed 12-byte header, optional CSRCs and
 * header extension (skipped on receipt), payload, optional padding.
 */
export interface RtpPacket {
  readonly payloadType: number;
  /** u16, wraps around. */
  readonly sequenceNumber: number;
  /** u32, in the codec's clock. */
  readonly timestamp: number;
  /** u32, identifies the track's stream. */
  readonly ssrc: number;
  readonly marker: boolean;
  readonly payload: Uint8Array;
}

const VERSION = 2;
const FIXED_HEADER_BYTES = 12;

/** Bytes that are not a valid RTP packet; the packet is dropped, the track goes on. */
export class RtpPacketError extends Error {
  override name = "RtpPacketError";
}

export function encodeRtpPacket(packet: RtpPacket): Uint8Array {
  if (!Number.isInteger(packet.payloadType) || packet.payloadType < 0 || packet.payloadType > 127) {
    throw new RangeError(`RTP payload type must be 0..127, got ${packet.payloadType}`);
  }
  const bytes = new Uint8Array(FIXED_HEADER_BYTES + packet.payload.byteLength);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, VERSION << 6);
  view.setUint8(1, (packet.marker ? 0x80 : 0) | packet.payloadType);
  view.setUint16(2, packet.sequenceNumber & 0xffff);
  view.setUint32(4, packet.timestamp >>> 0);
  view.setUint32(8, packet.ssrc >>> 0);
  bytes.set(packet.payload, FIXED_HEADER_BYTES);
  return bytes;
}

export function decodeRtpPacket(bytes: Uint8Array): RtpPacket {
  if (bytes.byteLength < FIXED_HEADER_BYTES) throw new RtpPacketError(`RTP packet of ${bytes.byteLength} bytes is shorter than its 12-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const first = view.getUint8(0);
  if (first >> 6 !== VERSION) throw new RtpPacketError(`RTP version ${first >> 6} is not 2`);
  const hasPadding = (first & 0x20) !== 0;
  const hasExtension = (first & 0x10) !== 0;
  const csrcCount = first & 0x0f;
  let offset = FIXED_HEADER_BYTES + 4 * csrcCount;
  if (hasExtension) {
    if (bytes.byteLength < offset + 4) throw new RtpPacketError("RTP header extension is cut off");
    offset += 4 + 4 * view.getUint16(offset + 2);
  }
  let end = bytes.byteLength;
  if (hasPadding) {
    const padding = end > 0 ? view.getUint8(end - 1) : 0;
    if (padding === 0) throw new RtpPacketError("RTP padding length is 0");
    end -= padding;
  }
  if (end < offset) throw new RtpPacketError(`RTP header of ${offset} bytes (with CSRCs, extension, padding) exceeds the ${bytes.byteLength}-byte packet`);
  const second = view.getUint8(1);
  return {
    payloadType: second & 0x7f,
    marker: (second & 0x80) !== 0,
    sequenceNumber: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    payload: bytes.subarray(offset, end),
  };
}
