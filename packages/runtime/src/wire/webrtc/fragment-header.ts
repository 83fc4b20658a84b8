/**
 * Every DataChannel message starts with `msg_id: u32 | frag_index: u16 | total_frags: u16`
 * (big-endian), also when the envelope fits in one message. msg_id counts per lane.
 */
export const FRAGMENT_HEADER_BYTES = 8;
/** Largest DataChannel message the wire sends (fits every engine's default max-message-size). */
export const MAX_CHANNEL_MESSAGE_BYTES = 65_535;
/** Envelope bytes one message carries. */
export const MAX_FRAGMENT_DATA_BYTES = MAX_CHANNEL_MESSAGE_BYTES - FRAGMENT_HEADER_BYTES;
/** total_frags is a u16. */
export const MAX_FRAGMENTS = 0xffff;

export interface FragmentHeader {
  readonly messageId: number;
  readonly index: number;
  readonly total: number;
}

/** A DataChannel message that breaks the fragment rules; it is dropped, the channel stays up. */
export class FragmentError extends Error {
  override name = "FragmentError";
}

// Byte arithmetic rather than a DataView per message: this runs for every message of every lane.
export function writeFragmentHeader(target: Uint8Array, header: FragmentHeader): void {
  const { messageId, index, total } = header;
  target[0] = messageId >>> 24;
  target[1] = (messageId >>> 16) & 0xff;
  target[2] = (messageId >>> 8) & 0xff;
  target[3] = messageId & 0xff;
  target[4] = index >>> 8;
  target[5] = index & 0xff;
  target[6] = total >>> 8;
  target[7] = total & 0xff;
}

/** Reads and checks the header of one DataChannel message. */
export function readFragmentHeader(message: Uint8Array): FragmentHeader {
  if (message.byteLength < FRAGMENT_HEADER_BYTES) {
    throw new FragmentError(`message of ${message.byteLength} bytes is shorter than the ${FRAGMENT_HEADER_BYTES}-byte fragment header`);
  }
  if (message.byteLength > MAX_CHANNEL_MESSAGE_BYTES) {
    throw new FragmentError(`message of ${message.byteLength} bytes exceeds ${MAX_CHANNEL_MESSAGE_BYTES} bytes`);
  }
  const m = message;
  const header = {
    messageId: ((m[0]! << 24) | (m[1]! << 16) | (m[2]! << 8) | m[3]!) >>> 0,
    index: (m[4]! << 8) | m[5]!,
    total: (m[6]! << 8) | m[7]!,
  };
  if (header.total === 0) throw new FragmentError(`message ${header.messageId} announces 0 fragments`);
  if (header.index >= header.total) {
    throw new FragmentError(`message ${header.messageId} has fragment ${header.index} of only ${header.total}`);
  }
  return header;
}
