import { IdentityFormatError } from "./identity-error.js";

/** Standard base64 with padding: the one form both ends write. */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/**
 * Reads standard or URL-safe base64, padding optional. Unlike Buffer.from, it rejects stray
 * characters instead of skipping them, so a damaged value is reported rather than misread.
 */
export function fromBase64(text: string, what: string): Uint8Array {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text) || text.replace(/=+$/, "").length % 4 === 1) {
    throw new IdentityFormatError(`${what} is not valid base64`);
  }
  return new Uint8Array(Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64"));
}

/** Lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** Reads hex (either case); rejects odd lengths and non-hex characters. */
export function fromHex(text: string, what: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(text)) throw new IdentityFormatError(`${what} is not valid hex`);
  return new Uint8Array(Buffer.from(text, "hex"));
}
