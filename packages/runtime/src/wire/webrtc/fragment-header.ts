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

export function writeFragmentHeader(target: Uint8Array, header: FragmentHeader): void {
  const view = new DataView(target.buffer, target.byteOffset, FRAGMENT_HEADER_BYTES);
  view.setUint32(0, header.messageId);
  view.setUint16(4, header.index);
  view.setUint16(6, header.total);
}

/** Reads and checks the header of one DataChannel message. */
export function readFragmentHeader(message: Uint8Array): FragmentHeader {
  if (message.byteLength < FRAGMENT_HEADER_BYTES) {
    throw new FragmentError(`message of ${message.byteLength} bytes is shorter than the ${FRAGMENT_HEADER_BYTES}-byte fragment header`);
  }
  if (message.byteLength > MAX_CHANNEL_MESSAGE_BYTES) {
    throw new FragmentError(`message of ${message.byteLength} bytes exceeds ${MAX_CHANNEL_MESSAGE_BYTES} bytes`);
  }
  const view = new DataView(message.buffer, message.byteOffset, FRAGMENT_HEADER_BYTES);
  const header = { messageId: view.getUint32(0), index: view.getUint16(4), total: view.getUint16(6) };
  if (header.total === 0) throw new FragmentError(`message ${header.messageId} announces 0 fragments`);
  if (header.index >= header.total) {
    throw new FragmentError(`message ${header.messageId} has fragment ${header.index} of only ${header.total}`);
  }
  return header;
}
