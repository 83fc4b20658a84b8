import { createHash, createHmac, createPublicKey, timingSafeEqual, type KeyObject } from "node:crypto";
import {
  actrIdToString,
  identityClaimsFor,
  issueCredential,
  verifyCredential,
  type AIdCredential,
  type ActrId,
  type CredentialCheck,
  type SigningKey,
} from "@actr/protocol";

export interface IssuedCredential {
  readonly credential: AIdCredential;
  readonly expiresAtSec: number;
  readonly renewalToken: Uint8Array;
  readonly renewalExpiresAtSec: number;
}

const RENEWAL_CONTEXT = "actr-renewal-token:";
const EXPIRY_BYTES = 8;
const MAC_BYTES = 32;

function nowSec(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * Issues and checks credentials and renewal tokens with the server's signing key. Renewal tokens
 * are `[expiry u64 BE][HMAC-SHA256 of actor id + expiry]` under a secret derived from the signing
 * key: only this server reads them, so a MAC (far cheaper than a second signature per
 * registration) suffices, they need no storage and survive a restart on the same key file.
 */
export class CredentialIssuer {
  private readonly publicKey: KeyObject;
  private readonly renewalSecret: Buffer;

  constructor(
    readonly key: SigningKey,
    private readonly credentialTtlSec: number,
    private readonly renewalTtlSec: number,
  ) {
    this.publicKey = createPublicKey(key.privateKey);
    this.renewalSecret = createHash("sha256")
      .update(RENEWAL_CONTEXT)
      .update(key.privateKey.export({ format: "der", type: "pkcs8" }))
      .digest();
  }

  issue(id: ActrId): IssuedCredential {
    const now = nowSec();
    const expiresAtSec = now + this.credentialTtlSec;
    const renewalExpiresAtSec = now + this.renewalTtlSec;
    return {
      credential: issueCredential(this.key, identityClaimsFor(id, expiresAtSec)),
      expiresAtSec,
      renewalToken: this.renewalToken(id, renewalExpiresAtSec),
      renewalExpiresAtSec,
    };
  }

  verify(credential: AIdCredential, expectedActor: ActrId | string): CredentialCheck {
    return verifyCredential(credential, this.publicKey, this.key.keyId, expectedActor);
  }

  /** Whether `token` was issued by this key for `id` and has not expired. */
  checkRenewalToken(id: ActrId, token: Uint8Array): boolean {
    if (token.length !== EXPIRY_BYTES + MAC_BYTES) return false;
    const expiry = Buffer.from(token.subarray(0, EXPIRY_BYTES)).readBigUInt64BE(0);
    if (Number(expiry) <= nowSec()) return false;
    return timingSafeEqual(this.mac(id, expiry), token.subarray(EXPIRY_BYTES));
  }

  private renewalToken(id: ActrId, expiresAtSec: number): Uint8Array {
    const expiry = Buffer.alloc(EXPIRY_BYTES);
    expiry.writeBigUInt64BE(BigInt(expiresAtSec));
    return new Uint8Array(Buffer.concat([expiry, this.mac(id, BigInt(expiresAtSec))]));
  }

  private mac(id: ActrId, expiry: bigint): Buffer {
    return createHmac("sha256", this.renewalSecret).update(`${actrIdToString(id)}:${expiry}`).digest();
  }
}
