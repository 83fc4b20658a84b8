import { createPublicKey, sign, verify, type KeyObject } from "node:crypto";
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
const SIGNATURE_BYTES = 64;

function nowSec(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * Issues and checks credentials and renewal tokens with the server's signing key. Renewal tokens
 * are `[expiry u64 BE][Ed25519 signature of actor id + expiry]`, so they need no server-side
 * storage and survive a restart on the same key file.
 */
export class CredentialIssuer {
  private readonly publicKey: KeyObject;

  constructor(
    readonly key: SigningKey,
    private readonly credentialTtlSec: number,
    private readonly renewalTtlSec: number,
  ) {
    this.publicKey = createPublicKey(key.privateKey);
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
    if (token.length !== EXPIRY_BYTES + SIGNATURE_BYTES) return false;
    const expiry = Buffer.from(token.subarray(0, EXPIRY_BYTES)).readBigUInt64BE(0);
    if (Number(expiry) <= nowSec()) return false;
    return verify(null, this.signedBytes(id, expiry), this.publicKey, token.subarray(EXPIRY_BYTES));
  }

  private renewalToken(id: ActrId, expiresAtSec: number): Uint8Array {
    const expiry = Buffer.alloc(EXPIRY_BYTES);
    expiry.writeBigUInt64BE(BigInt(expiresAtSec));
    const signature = sign(null, this.signedBytes(id, BigInt(expiresAtSec)), this.key.privateKey);
    return new Uint8Array(Buffer.concat([expiry, signature]));
  }

  private signedBytes(id: ActrId, expiry: bigint): Buffer {
    return Buffer.from(`${RENEWAL_CONTEXT}${actrIdToString(id)}:${expiry}`);
  }
}
