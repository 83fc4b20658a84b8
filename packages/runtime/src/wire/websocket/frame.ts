import { isPayloadType, type PayloadType } from "../../common/payload-type.js";

/** Bytes before the data of a frame: payload type (u8) and data length (u32 big-endian). */
export const FRAME_HEADER_BYTES = 5;

/** A frame that breaks the peer WebSocket framing rules; the socket that sent it gets closed. */
export class FrameError extends Error {
  override name = "FrameError";
}

export interface Frame {
  readonly payloadType: PayloadType;
  readonly data: Uint8Array;
}

/** `[payload_type u8][length u32 BE][data]` (the peer-to-peer WebSocket frame). */
export function encodeFrame(payloadType: PayloadType, data: Uint8Array): Uint8Array {
  // Every byte is written below, so the buffer needs no zero-filling.
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + data.byteLength);
  frame[0] = payloadType;
  frame.writeUInt32BE(data.byteLength, 1);
  frame.set(data, FRAME_HEADER_BYTES);
  // A plain view: Buffer#slice would share memory where callers expect Uint8Array#slice to copy.
  return new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength);
}

/** Reads one frame; throws FrameError when it is short, of an unknown type, or mis-sized. */
export function decodeFrame(frame: Uint8Array): Frame {
  if (frame.byteLength < FRAME_HEADER_BYTES) {
    throw new FrameError(`frame of ${frame.byteLength} bytes is shorter than the ${FRAME_HEADER_BYTES}-byte header`);
  }
  const type = frame[0]!;
  if (!isPayloadType(type)) {
    throw new FrameError(`frame has unknown payload type ${type} (expected 0..4)`);
  }
  const length = ((frame[1]! << 24) | (frame[2]! << 16) | (frame[3]! << 8) | frame[4]!) >>> 0;
  const actual = frame.byteLength - FRAME_HEADER_BYTES;
  if (length !== actual) {
    throw new FrameError(`frame header announces ${length} data bytes but carries ${actual}`);
  }
  return { payloadType: type, data: frame.subarray(FRAME_HEADER_BYTES) };
}
