/** The payload of an envelope that carries none (an absent `payload` field reads as empty). */
export const EMPTY_BYTES: Uint8Array = new Uint8Array();
