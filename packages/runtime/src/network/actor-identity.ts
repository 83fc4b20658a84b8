import { fromBinary } from "@bufbuild/protobuf";
import {
  actrIdToString,
  encodeCredentialHeader,
  encodeSourceIdHeader,
  IdentityClaimsSchema,
  SOURCE_ID_HEADER,
  CREDENTIAL_HEADER,
  type AIdCredential,
  type ActrId,
  type RegisterOk,
  type TurnCredential,
} from "@actr/protocol";
import { TransportError } from "../errors/actr-error.js";

/**
 * Who this actor is to signaling and to its peers: the id and credential from RegisterOk, kept
 * current across credential renewals.
 */
export class ActorIdentity {
  readonly actorId: ActrId;
  /** Raw Ed25519 key that verifies the credentials of peers. */
  readonly signingPublicKey: Uint8Array;
  readonly signingKeyId: number;
  readonly heartbeatIntervalSecs: number;
  private current!: {
    credential: AIdCredential;
    expiresAtMs: number;
    renewalToken: Uint8Array | undefined;
    turnCredential: TurnCredential | undefined;
  };

  constructor(ok: RegisterOk) {
    if (ok.actrId === undefined || ok.credential === undefined) {
      throw new TransportError("Signaling server sent a RegisterOk without actr_id or credential");
    }
    this.actorId = ok.actrId;
    this.signingPublicKey = ok.signingPubkey;
    this.signingKeyId = ok.signingKeyId;
    this.heartbeatIntervalSecs = ok.signalingHeartbeatIntervalSecs;
    this.update(ok);
  }

  get credential(): AIdCredential {
    return this.current.credential;
  }

  /** When the credential expires (unix ms), from its claims. */
  get expiresAtMs(): number {
    return this.current.expiresAtMs;
  }

  get renewalToken(): Uint8Array | undefined {
    return this.current.renewalToken;
  }

  /** TURN username and password from the latest RegisterOk, when the server issues them. */
  get turnCredential(): TurnCredential | undefined {
    return this.current.turnCredential;
  }

  /** Takes the credential of a renewal; the actor id must not change. */
  update(ok: RegisterOk): void {
    const { credential } = ok;
    if (credential === undefined) throw new TransportError("Signaling server sent a RegisterOk without a credential");
    if (ok.actrId !== undefined && actrIdToString(ok.actrId) !== actrIdToString(this.actorId)) {
      throw new TransportError(
        `Credential renewal returned ${actrIdToString(ok.actrId)} instead of ${actrIdToString(this.actorId)}`,
      );
    }
    const claims = fromBinary(IdentityClaimsSchema, credential.claims);
    this.current = {
      credential,
      expiresAtMs: Number(claims.expiresAt) * 1000,
      renewalToken: ok.renewalToken.length > 0 ? ok.renewalToken : this.current?.renewalToken,
      turnCredential: ok.turnCredential?.username ? ok.turnCredential : this.current?.turnCredential,
    };
  }

  /** Headers a dial to a peer's WebSocket listener carries. */
  peerHeaders(): Record<string, string> {
    return {
      [SOURCE_ID_HEADER]: encodeSourceIdHeader(this.actorId),
      [CREDENTIAL_HEADER]: encodeCredentialHeader(this.credential),
    };
  }
}
