import type { KeyObject } from "node:crypto";
import { create, toBinary } from "@bufbuild/protobuf";
import {
  AIdCredentialSchema,
  ActrIdSchema,
  type AIdCredential,
  type ActrId,
  type IdentityClaims,
} from "../gen/actr/identity_pb.js";
import { actrIdToString, parseActrId } from "./actr-id.js";
import { verifyCredential, type CredentialCheck } from "./credential.js";
import { decodeComplete } from "./decode-complete.js";
import { IdentityFormatError } from "./identity-error.js";
import { fromBase64, fromHex, toBase64, toHex } from "./text-encoding.js";

/** Header of a peer WebSocket dial: hex of the encoded ActrId of the dialing actor. */
export const SOURCE_ID_HEADER = "X-Actr-Source-ID";
/** Header of a peer WebSocket dial: base64 of the encoded AIdCredential of the dialing actor. */
export const CREDENTIAL_HEADER = "X-Actr-Credential";

export function encodeSourceIdHeader(id: ActrId): string {
  return toHex(toBinary(ActrIdSchema, id));
}

export function decodeSourceIdHeader(text: string): ActrId {
  return decodeComplete(ActrIdSchema, fromHex(text, SOURCE_ID_HEADER), SOURCE_ID_HEADER);
}

export function encodeCredentialHeader(credential: AIdCredential): string {
  return toBase64(toBinary(AIdCredentialSchema, credential));
}

export function decodeCredentialHeader(text: string): AIdCredential {
  return decodeComplete(AIdCredentialSchema, fromBase64(text, CREDENTIAL_HEADER), CREDENTIAL_HEADER);
}

/** Query parameters of the signaling WebSocket URL: actor_id, key_id, claims, signature. */
export function credentialQuery(id: ActrId, credential: AIdCredential): URLSearchParams {
  return new URLSearchParams({
    actor_id: actrIdToString(id),
    key_id: String(credential.keyId),
    claims: toBase64(credential.claims),
    signature: toBase64(credential.signature),
  });
}

/** `baseUrl` (e.g. ws://127.0.0.1:8081/signaling/ws) with the identity query appended. */
export function signalingWsUrl(baseUrl: string, id: ActrId, credential: AIdCredential): string {
  const url = new URL(baseUrl);
  for (const [name, value] of credentialQuery(id, credential)) url.searchParams.set(name, value);
  return url.toString();
}

/** Reads what credentialQuery wrote; throws IdentityFormatError naming the bad parameter. */
export function parseCredentialQuery(params: URLSearchParams): { actorId: ActrId; credential: AIdCredential } {
  const get = (name: string): string => {
    const value = params.get(name);
    if (value === null || value === "") throw new IdentityFormatError(`Query parameter "${name}" is missing`);
    return value;
  };
  const actorId = parseActrId(get("actor_id"));
  const keyIdText = get("key_id");
  if (!/^[0-9]{1,10}$/.test(keyIdText) || Number(keyIdText) > 0xffff_ffff) {
    throw new IdentityFormatError(`Query parameter "key_id" is not a uint32: ${JSON.stringify(keyIdText)}`);
  }
  const credential = create(AIdCredentialSchema, {
    keyId: Number(keyIdText),
    claims: fromBase64(get("claims"), 'Query parameter "claims"'),
    signature: fromBase64(get("signature"), 'Query parameter "signature"'),
  });
  return { actorId, credential };
}

/** Result of verifyPeerHeaders: on success also the dialing actor's id. */
export type PeerCheck =
  | { readonly ok: true; readonly claims: IdentityClaims; readonly sourceId: ActrId }
  | Extract<CredentialCheck, { ok: false }>;

type HeaderBag = Readonly<Record<string, string | readonly string[] | undefined>>;

function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name.toLowerCase()] ?? headers[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * Checks the identity headers of a peer WebSocket dial (Node's lowercase header object):
 * both present and decodable, signature and expiry valid, and the claims naming the source id.
 */
export function verifyPeerHeaders(
  headers: HeaderBag,
  publicKey: Uint8Array | KeyObject,
  keyId: number,
  nowSec?: number,
): PeerCheck {
  const sourceText = header(headers, SOURCE_ID_HEADER);
  const credentialText = header(headers, CREDENTIAL_HEADER);
  if (sourceText === undefined || credentialText === undefined) {
    return { ok: false, reason: "undecodable", message: `missing ${SOURCE_ID_HEADER} or ${CREDENTIAL_HEADER} header` };
  }
  let sourceId: ActrId;
  let credential: AIdCredential;
  try {
    sourceId = decodeSourceIdHeader(sourceText);
    credential = decodeCredentialHeader(credentialText);
  } catch (error) {
    return { ok: false, reason: "undecodable", message: (error as Error).message };
  }
  const check = verifyCredential(credential, publicKey, keyId, sourceId, nowSec);
  return check.ok ? { ...check, sourceId } : check;
}
