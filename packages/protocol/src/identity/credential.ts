import { sign, verify, type KeyObject } from "node:crypto";
import { create, toBinary } from "@bufbuild/protobuf";
import {
  AIdCredentialSchema,
  IdentityClaimsSchema,
  type AIdCredential,
  type ActrId,
  type IdentityClaims,
} from "../gen/actr/identity_pb.js";
import { actrIdToString } from "./actr-id.js";
import { decodeComplete } from "./decode-complete.js";
import { ed25519PublicKeyFromRaw, type SigningKey } from "./signing-key.js";

/** Why a credential was refused. */
export type CredentialFailure = "undecodable" | "unknown_key_id" | "bad_signature" | "expired" | "actor_mismatch";

export type CredentialCheck =
  | { readonly ok: true; readonly claims: IdentityClaims }
  | { readonly ok: false; readonly reason: CredentialFailure; readonly message: string };

const SIGNATURE_LENGTH = 64;

/** Claims for `id` that expire at `expiresAtSec` (unix seconds; fractions are dropped). */
export function identityClaimsFor(id: ActrId, expiresAtSec: number | bigint): IdentityClaims {
  return create(IdentityClaimsSchema, {
    realmId: id.realm?.realmId ?? 0,
    actorId: actrIdToString(id),
    expiresAt: typeof expiresAtSec === "bigint" ? expiresAtSec : BigInt(Math.floor(expiresAtSec)),
  });
}

/** Encodes the claims and signs the encoded bytes with the key. */
export function issueCredential(key: SigningKey, claims: IdentityClaims): AIdCredential {
  const claimsBytes = toBinary(IdentityClaimsSchema, claims);
  const signature = new Uint8Array(sign(null, claimsBytes, key.privateKey));
  return create(AIdCredentialSchema, { keyId: key.keyId, claims: claimsBytes, signature });
}

function decodeClaims(bytes: Uint8Array): IdentityClaims | undefined {
  try {
    return decodeComplete(IdentityClaimsSchema, bytes, "credential claims");
  } catch {
    return undefined;
  }
}

/**
 * Checks a credential against the issuer's public key and key id, its expiry, and (when
 * `expectedActor` is given) that it names that actor. Never throws on malformed input.
 */
export function verifyCredential(
  credential: AIdCredential,
  publicKey: Uint8Array | KeyObject,
  keyId: number,
  expectedActor: ActrId | string | undefined,
  nowSec: number = Date.now() / 1000,
): CredentialCheck {
  const claims = decodeClaims(credential.claims);
  if (claims === undefined || credential.signature.length !== SIGNATURE_LENGTH) {
    return { ok: false, reason: "undecodable", message: "credential claims or signature are malformed" };
  }
  if (credential.keyId !== keyId) {
    return { ok: false, reason: "unknown_key_id", message: `credential key id ${credential.keyId} is unknown (expected ${keyId})` };
  }
  const key = publicKey instanceof Uint8Array ? ed25519PublicKeyFromRaw(publicKey) : publicKey;
  if (!verify(null, credential.claims, key, credential.signature)) {
    return { ok: false, reason: "bad_signature", message: "credential signature does not verify" };
  }
  if (Number(claims.expiresAt) <= nowSec) {
    return { ok: false, reason: "expired", message: `credential of ${claims.actorId} expired at ${claims.expiresAt}` };
  }
  if (expectedActor !== undefined) {
    const expected = typeof expectedActor === "string" ? expectedActor : actrIdToString(expectedActor);
    if (claims.actorId !== expected) {
      return { ok: false, reason: "actor_mismatch", message: `credential names ${claims.actorId}, not ${expected}` };
    }
  }
  return { ok: true, claims };
}
