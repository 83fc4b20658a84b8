import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname } from "node:path";
import { fromBase64, toBase64 } from "./text-encoding.js";

/** The Ed25519 key a signaling server signs credentials with. */
export interface SigningKey {
  /** Announced as `signing_key_id` and carried in every credential as `key_id`. */
  readonly keyId: number;
  readonly privateKey: KeyObject;
  /** The 32-byte raw public key (`signing_pubkey`). */
  readonly publicKeyRaw: Uint8Array;
}

interface KeyFileContent {
  keyId: number;
  privateKey: string;
}

/** Raw 32-byte Ed25519 public key of a private or public KeyObject. */
export function ed25519RawPublicKey(key: KeyObject): Uint8Array {
  const jwk = createPublicKey(key).export({ format: "jwk" });
  if (jwk.crv !== "Ed25519" || jwk.x === undefined) throw new Error("Expected an Ed25519 key");
  return fromBase64(jwk.x, "Ed25519 public key");
}

/** KeyObject for a raw 32-byte Ed25519 public key. */
export function ed25519PublicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new Error(`An Ed25519 public key has 32 bytes, got ${raw.length}`);
  const x = Buffer.from(raw).toString("base64url");
  return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" });
}

/** A fresh key; `keyId` defaults to a random non-zero uint32 so restarts with a new key are told apart. */
export function createSigningKey(keyId: number = randomBytes(4).readUInt32BE(0) || 1): SigningKey {
  const { privateKey } = generateKeyPairSync("ed25519");
  return { keyId, privateKey, publicKeyRaw: ed25519RawPublicKey(privateKey) };
}

/** Writes the key as JSON (`keyId`, PKCS#8 DER in base64), readable by the owner only. */
export function saveSigningKey(key: SigningKey, path: string): void {
  const der = key.privateKey.export({ format: "der", type: "pkcs8" });
  const content: KeyFileContent = { keyId: key.keyId, privateKey: toBase64(der) };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
}

/** Reads a key written by saveSigningKey; the error names the file and how to recover. */
export function loadSigningKey(path: string): SigningKey {
  const fail = (why: string): never => {
    throw new Error(`Cannot load signing key from ${path}: ${why} (delete the file to create a new key)`);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const content = parsed as Partial<KeyFileContent> | null;
  const keyId = content?.keyId;
  if (typeof keyId !== "number" || !Number.isInteger(keyId) || keyId < 0 || keyId > 0xffff_ffff) {
    return fail('"keyId" is not a uint32');
  }
  if (typeof content?.privateKey !== "string") return fail('"privateKey" is missing');
  let privateKey: KeyObject;
  try {
    const der = Buffer.from(fromBase64(content.privateKey, '"privateKey"'));
    privateKey = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  if (privateKey.asymmetricKeyType !== "ed25519") return fail("the key is not Ed25519");
  return { keyId, privateKey, publicKeyRaw: ed25519RawPublicKey(privateKey) };
}

/** Loads the key at `path`, or creates and saves one there if the file does not exist. */
export function loadOrCreateSigningKey(path: string): SigningKey {
  if (existsSync(path)) return loadSigningKey(path);
  const key = createSigningKey();
  saveSigningKey(key, path);
  return key;
}
