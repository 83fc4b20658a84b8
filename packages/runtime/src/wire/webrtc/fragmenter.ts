import {
  FRAGMENT_HEADER_BYTES,
  MAX_FRAGMENT_DATA_BYTES,
  MAX_FRAGMENTS,
  writeFragmentHeader,
} from "./fragment-header.js";

/** Largest envelope one lane can carry: 65,535 fragments. */
export const MAX_ENVELOPE_BYTES = MAX_FRAGMENTS * MAX_FRAGMENT_DATA_BYTES;

/** Splits an envelope into DataChannel messages, each with the fragment header. */
export function fragment(messageId: number, data: Uint8Array): Uint8Array[] {
  if (data.byteLength > MAX_ENVELOPE_BYTES) {
    throw new RangeError(`envelope of ${data.byteLength} bytes exceeds the ${MAX_ENVELOPE_BYTES} bytes a lane can carry`);
  }
  const total = Math.max(1, Math.ceil(data.byteLength / MAX_FRAGMENT_DATA_BYTES));
  const messages: Uint8Array[] = [];
  for (let index = 0; index < total; index++) {
    const part = data.subarray(index * MAX_FRAGMENT_DATA_BYTES, (index + 1) * MAX_FRAGMENT_DATA_BYTES);
    const message = new Uint8Array(FRAGMENT_HEADER_BYTES + part.byteLength);
    writeFragmentHeader(message, { messageId, index, total });
    message.set(part, FRAGMENT_HEADER_BYTES);
    messages.push(message);
  }
  return messages;
}
