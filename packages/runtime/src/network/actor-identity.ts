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

/** What a registration gives: the id and the keys and timers of the server that issued it. */
interface Registration {
  readonly actorId: ActrId;
  readonly signingPublicKey: Uint8Array;
  readonly signingKeyId: number;
  readonly heartbeatIntervalSecs: number;
}

/** The credential of a registration or renewal and what comes with it. */
interface CredentialState {
  readonly credential: AIdCredential;
  readonly expiresAtMs: number;
  readonly renewalToken: Uint8Array | undefined;
  readonly turnCredential: TurnCredential | undefined;
}

/**
 * Who this actor is to signaling and to its peers: the id and credential from RegisterOk, kept
 * current across credential renewals, and replaced by a new registration when the server forgot
 * the actor.
 */
export class ActorIdentity {
  private registration: Registration;
  private current: CredentialState;
  private readonly replacedListeners: ((previous: ActrId) => void)[] = [];

  constructor(ok: RegisterOk) {
    this.registration = registrationOf(ok);
    this.current = credentialOf(ok, undefined);
  }

  get actorId(): ActrId {
    return this.registration.actorId;
  }

  /** Raw Ed25519 key that verifies the credentials of peers. */
  get signingPublicKey(): Uint8Array {
    return this.registration.signingPublicKey;
  }

  get signingKeyId(): number {
    return this.registration.signingKeyId;
  }

  get heartbeatIntervalSecs(): number {
    return this.registration.heartbeatIntervalSecs;
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
    if (ok.actrId !== undefined && actrIdToString(ok.actrId) !== actrIdToString(this.actorId)) {
      throw new TransportError(
        `Credential renewal returned ${actrIdToString(ok.actrId)} instead of ${actrIdToString(this.actorId)}`,
      );
    }
    this.current = credentialOf(ok, this.current);
  }

  /**
   * Takes a new registration (the server forgot this actor and refused to renew it): a new id and
   * nothing kept from the old one. Tells the onReplaced listeners.
   */
  replace(ok: RegisterOk): void {
    const previous = this.actorId;
    this.registration = registrationOf(ok);
    this.current = credentialOf(ok, undefined);
    for (const listener of this.replacedListeners) listener(previous);
  }

  /** Called with the previous id after each replace(). */
  onReplaced(listener: (previous: ActrId) => void): void {
    this.replacedListeners.push(listener);
  }

  /** Headers a dial to a peer's WebSocket listener carries. */
  peerHeaders(): Record<string, string> {
    return {
      [SOURCE_ID_HEADER]: encodeSourceIdHeader(this.actorId),
      [CREDENTIAL_HEADER]: encodeCredentialHeader(this.credential),
    };
  }
}

function registrationOf(ok: RegisterOk): Registration {
  if (ok.actrId === undefined) throw new TransportError("Signaling server sent a RegisterOk without actr_id");
  return {
    actorId: ok.actrId,
    signingPublicKey: ok.signingPubkey,
    signingKeyId: ok.signingKeyId,
    heartbeatIntervalSecs: ok.signalingHeartbeatIntervalSecs,
  };
}

/** A renewal may leave out the renewal token or TURN credential: `previous` keeps them then. */
function credentialOf(ok: RegisterOk, previous: CredentialState | undefined): CredentialState {
  const { credential } = ok;
  if (credential === undefined) throw new TransportError("Signaling server sent a RegisterOk without a credential");
  const claims = fromBinary(IdentityClaimsSchema, credential.claims);
  return {
    credential,
    expiresAtMs: Number(claims.expiresAt) * 1000,
    renewalToken: ok.renewalToken.length > 0 ? ok.renewalToken : previous?.renewalToken,
    turnCredential: ok.turnCredential?.username ? ok.turnCredential : previous?.turnCredential,
  };
}
