import { mkdtempSync, rmSync, writeFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import {
  AIdCredentialSchema,
  CREDENTIAL_HEADER,
  SOURCE_ID_HEADER,
  actrIdEquals,
  createSigningKey,
  credentialQuery,
  decodeCredentialHeader,
  decodeSourceIdHeader,
  encodeCredentialHeader,
  encodeSourceIdHeader,
  identityClaimsFor,
  issueCredential,
  loadOrCreateSigningKey,
  loadSigningKey,
  makeActrId,
  makeActrType,
  parseCredentialQuery,
  saveSigningKey,
  signalingWsUrl,
  verifyCredential,
  verifyPeerHeaders,
} from "@actr/protocol";

const key = createSigningKey(42);
const alice = makeActrId(1, 0x10n, makeActrType("acme", "Alice", "1"));
const bob = makeActrId(1, 0x11n, makeActrType("acme", "Bob", "1"));
const now = 1_700_000_000;
const credential = issueCredential(key, identityClaimsFor(alice, now + 60));

describe("credentials", () => {
  it("issues a 32-byte public key and a credential that verifies", () => {
    expect(key.publicKeyRaw).toHaveLength(32);
    expect(credential.signature).toHaveLength(64);
    const check = verifyCredential(credential, key.publicKeyRaw, 42, alice, now);
    expect(check.ok && check.claims.actorId).toBe("10@1/acme:Alice:1");
    expect(check.ok && check.claims.realmId).toBe(1);
  });

  it("names the reason of each failure without throwing", () => {
    const reason = (...args: Parameters<typeof verifyCredential>) => {
      const check = verifyCredential(...args);
      return check.ok ? "ok" : check.reason;
    };
    const other = createSigningKey(42);
    const flipped = create(AIdCredentialSchema, { ...credential, signature: credential.signature.map((b, i) => (i === 0 ? b ^ 1 : b)) });
    expect(reason(credential, other.publicKeyRaw, 42, alice, now)).toBe("bad_signature");
    expect(reason(flipped, key.publicKeyRaw, 42, alice, now)).toBe("bad_signature");
    expect(reason(credential, key.publicKeyRaw, 43, alice, now)).toBe("unknown_key_id");
    expect(reason(credential, key.publicKeyRaw, 42, alice, now + 60)).toBe("expired");
    expect(reason(credential, key.publicKeyRaw, 42, bob, now)).toBe("actor_mismatch");
    expect(reason(credential, key.publicKeyRaw, 42, undefined, now)).toBe("ok");
    const garbage = create(AIdCredentialSchema, { keyId: 42, claims: new Uint8Array([0xff, 0xff, 0xff]), signature: credential.signature });
    expect(reason(garbage, key.publicKeyRaw, 42, alice, now)).toBe("undecodable");
    const shortSig = create(AIdCredentialSchema, { ...credential, signature: new Uint8Array(3) });
    expect(reason(shortSig, key.publicKeyRaw, 42, alice, now)).toBe("undecodable");
    const emptyClaims = create(AIdCredentialSchema, { ...credential, claims: new Uint8Array() });
    expect(reason(emptyClaims, key.publicKeyRaw, 42, alice, now)).toBe("undecodable");
  });
});

describe("signing key files", () => {
  const dir = mkdtempSync(join(tmpdir(), "actr-key-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("saves and loads the same key, readable by the owner only", () => {
    const path = join(dir, "nested/signing-key");
    saveSigningKey(key, path);
    expect(statSync(path).mode & 0o077).toBe(0);
    const loaded = loadSigningKey(path);
    expect(loaded.keyId).toBe(42);
    expect(loaded.publicKeyRaw).toEqual(key.publicKeyRaw);
    expect(verifyCredential(issueCredential(loaded, identityClaimsFor(alice, now + 1)), key.publicKeyRaw, 42, alice, now).ok).toBe(true);
  });

  it("creates a key once and reuses it", () => {
    const path = join(dir, "created");
    const first = loadOrCreateSigningKey(path);
    expect(loadOrCreateSigningKey(path).publicKeyRaw).toEqual(first.publicKeyRaw);
  });

  it("explains a damaged key file", () => {
    const path = join(dir, "broken");
    writeFileSync(path, "{ not json");
    expect(() => loadSigningKey(path)).toThrow(new RegExp(`Cannot load signing key from ${path}.*delete the file`));
    writeFileSync(path, JSON.stringify({ keyId: -1, privateKey: "" }));
    expect(() => loadSigningKey(path)).toThrow(/"keyId" is not a uint32/);
    writeFileSync(path, JSON.stringify({ keyId: 1, privateKey: "AAAA" }));
    expect(() => loadSigningKey(path)).toThrow(/Cannot load signing key/);
  });
});

describe("credential transport encodings", () => {
  it("round-trips the signaling query", () => {
    const url = new URL(signalingWsUrl("ws://127.0.0.1:1/signaling/ws", alice, credential));
    expect(url.pathname).toBe("/signaling/ws");
    const parsed = parseCredentialQuery(url.searchParams);
    expect(actrIdEquals(parsed.actorId, alice)).toBe(true);
    expect(parsed.credential.claims).toEqual(credential.claims);
    expect(verifyCredential(parsed.credential, key.publicKeyRaw, 42, parsed.actorId, now).ok).toBe(true);
  });

  it("names the bad query parameter", () => {
    const params = credentialQuery(alice, credential);
    params.delete("signature");
    expect(() => parseCredentialQuery(params)).toThrow('Query parameter "signature" is missing');
    params.set("signature", "@@");
    expect(() => parseCredentialQuery(params)).toThrow(/"signature" is not valid base64/);
    params.set("key_id", "x");
    expect(() => parseCredentialQuery(params)).toThrow(/"key_id" is not a uint32/);
  });

  it("round-trips the peer headers and verifies them", () => {
    expect(actrIdEquals(decodeSourceIdHeader(encodeSourceIdHeader(alice)), alice)).toBe(true);
    expect(decodeCredentialHeader(encodeCredentialHeader(credential)).signature).toEqual(credential.signature);
    const headers = {
      [SOURCE_ID_HEADER.toLowerCase()]: encodeSourceIdHeader(alice),
      [CREDENTIAL_HEADER.toLowerCase()]: encodeCredentialHeader(credential),
    };
    const check = verifyPeerHeaders(headers, key.publicKeyRaw, 42, now);
    expect(check.ok && actrIdEquals(check.sourceId, alice)).toBe(true);
  });

  it("refuses missing, garbage and spoofed peer headers", () => {
    const reason = (headers: Record<string, string>) => {
      const check = verifyPeerHeaders(headers, key.publicKeyRaw, 42, now);
      return check.ok ? "ok" : check.reason;
    };
    const cred = encodeCredentialHeader(credential);
    expect(reason({ "x-actr-credential": cred })).toBe("undecodable");
    expect(reason({ "x-actr-source-id": "zz", "x-actr-credential": cred })).toBe("undecodable");
    expect(reason({ "x-actr-source-id": "0a00", "x-actr-credential": cred })).toBe("undecodable");
    expect(reason({ "x-actr-source-id": encodeSourceIdHeader(bob), "x-actr-credential": cred })).toBe("actor_mismatch");
    expect(() => decodeSourceIdHeader("0a00")).toThrow(/actr.ActrId/);
  });
});
