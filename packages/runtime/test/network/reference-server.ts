import { generateKeyPairSync, randomUUID, sign, createPublicKey, type KeyObject } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import {
  REF,
  actrIdText,
  bytes,
  envelope,
  message,
  num,
  readFields,
  str,
  string,
  sub,
  varint,
  type Fields,
} from "../../../signaling/test/support/reference-frames.js";

/**
 * The server side of the reference protocol for client conformance tests: golden answers written
 * from the reference's field numbers (with the encoder of reference-frames.ts), served over a real
 * HTTP + WebSocket server on 127.0.0.1, as actrix would serve them.
 */

/** Field numbers the reference-frames table leaves out. */
export const REF_MORE = {
  IdentityClaims: { realm_id: 1, actor_id: 2, expires_at: 3 },
  TurnCredential: { username: 1, password: 2, expires_at: 3 },
  WsAddressEntry: { candidate_id: 1, ws_address: 2 },
  CredentialWarning: { type: 1, message: 2 },
  UnsubscribeActrUpRequest: { target_type: 1 },
  UnsubscribeActrUpResponse: { success: 1, error: 2 },
} as const;

/** An Ed25519 key of the fake server, as actrix announces it (signing_key_id, signing_pubkey). */
export interface ReferenceKey {
  readonly keyId: number;
  readonly privateKey: KeyObject;
  readonly publicKeyRaw: Uint8Array;
}

export function referenceKey(keyId: number): ReferenceKey {
  const { privateKey } = generateKeyPairSync("ed25519");
  const x = createPublicKey(privateKey).export({ format: "jwk" }).x ?? "";
  return { keyId, privateKey, publicKeyRaw: new Uint8Array(Buffer.from(x, "base64url")) };
}

/** An encoded AIdCredential for the actor whose string form is `actorText`, signed by `key`. */
export function referenceCredential(key: ReferenceKey, realmId: number, actorText: string, expiresAtSec: number): Fields {
  const claims = message(
    varint(REF_MORE.IdentityClaims.realm_id, realmId),
    string(REF_MORE.IdentityClaims.actor_id, actorText),
    varint(REF_MORE.IdentityClaims.expires_at, expiresAtSec),
  );
  const signature = new Uint8Array(sign(null, claims, key.privateKey));
  return message(varint(REF.AIdCredential.key_id, key.keyId), bytes(REF.AIdCredential.claims, claims), bytes(REF.AIdCredential.signature, signature));
}

/** A RegisterOk as actrix writes it. */
export function referenceRegisterOk(init: {
  readonly id: Fields;
  readonly credential: Fields;
  readonly key: ReferenceKey;
  readonly heartbeatSecs: number;
  readonly renewalToken: Uint8Array;
}): Fields {
  const f = REF.RegisterOk;
  const turn = message(string(REF_MORE.TurnCredential.username, "u"), string(REF_MORE.TurnCredential.password, "p"), varint(REF_MORE.TurnCredential.expires_at, 0));
  return message(
    bytes(f.actr_id, init.id),
    bytes(f.credential, init.credential),
    bytes(f.turn_credential, turn),
    varint(f.signaling_heartbeat_interval_secs, init.heartbeatSecs),
    bytes(f.signing_pubkey, init.key.publicKeyRaw),
    varint(f.signing_key_id, init.key.keyId),
    bytes(f.renewal_token, init.renewalToken),
  );
}

export function errorResponse(code: number, text: string): Fields {
  return message(varint(REF.ErrorResponse.code, code), string(REF.ErrorResponse.message, text));
}

/** `oneof result { success = 1; error = 2 }`, the shape of every reference response. */
export function success(value: Fields): Fields {
  return bytes(1, value);
}
export function failure(code: number, text: string): Fields {
  return bytes(2, errorResponse(code, text));
}

/** A request of the actor as the fake server saw it. */
export interface SeenRequest {
  readonly envelopeId: string;
  readonly envelopeVersion: bigint | undefined;
  /** Number of the ActrToSignaling payload field (4 ping, 10 discovery, 13 signing key, ...). */
  readonly payloadField: number;
  readonly payload: Uint8Array;
  readonly socket: WebSocket;
}

/** An answer: a SignalingToActr payload in `field`, or an envelope_error. */
export type Answer = { readonly field: number; readonly value: Fields } | { readonly envelopeError: Fields } | undefined;

export interface HttpAnswer {
  readonly status?: number;
  readonly body: Fields;
}

/** The realm, serial and type of the actors the fake server registers. */
const REALM = 9;

export class ReferenceServer {
  readonly key = referenceKey(41);
  readonly registrations: { readonly headers: IncomingHttpHeaders; readonly body: Uint8Array }[] = [];
  readonly renewals: Uint8Array[] = [];
  readonly requests: SeenRequest[] = [];
  readonly sockets: WebSocket[] = [];
  heartbeatSecs = 30;
  /** Lifetime of the credentials it issues. */
  credentialTtlSec = 3600;
  private nextSerial = 0x10n;
  /** Answers POST /ais/register; default a RegisterOk for the requested type. */
  onRegister: (body: Uint8Array, headers: IncomingHttpHeaders) => HttpAnswer = (body) => ({ body: success(this.registerOkFor(body)) });
  /** Answers POST /ais/renew; default a fresh credential for the same actor. */
  onRenew: (body: Uint8Array) => HttpAnswer = (body) => ({ body: success(this.renewOkFor(body)) });
  /** Answers an actor's request; a Ping it leaves unanswered gets a plain Pong. */
  onRequest: (request: SeenRequest) => Answer = () => undefined;

  /** Encoded ActrIds of the actors registered here, by string form. */
  private readonly ids = new Map<string, Fields>();
  /** The encoded ActrId of the actor on each socket (SignalingToActr.target). */
  private readonly targets = new Map<WebSocket, Fields>();
  private http: Server | undefined;
  private wss: WebSocketServer | undefined;

  get port(): number {
    return (this.http?.address() as AddressInfo).port;
  }
  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/signaling/ws`;
  }
  get aisUrl(): string {
    return `http://127.0.0.1:${this.port}/ais`;
  }

  async start(port = 0): Promise<void> {
    const wss = new WebSocketServer({ noServer: true });
    const http = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = new Uint8Array(Buffer.concat(chunks));
        let answer: HttpAnswer;
        if (request.url === "/ais/register") {
          this.registrations.push({ headers: request.headers, body });
          answer = this.onRegister(body, request.headers);
        } else if (request.url === "/ais/renew") {
          this.renewals.push(body);
          answer = this.onRenew(body);
        } else {
          answer = { status: 404, body: new Uint8Array() };
        }
        response.writeHead(answer.status ?? 200, { "Content-Type": "application/x-protobuf" }).end(Buffer.from(answer.body));
      });
    });
    http.on("upgrade", (request, socket, head) => {
      const query = new URL(request.url ?? "/", "ws://x").searchParams;
      const actorText = query.get("actor_id") ?? "";
      // As actrix: an expired credential is refused before the upgrade.
      const expiresAt = num(new Uint8Array(Buffer.from(query.get("claims") ?? "", "base64")), REF_MORE.IdentityClaims.expires_at) ?? 0n;
      if (expiresAt <= BigInt(Math.floor(Date.now() / 1000))) {
        socket.end("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => this.adopt(ws, this.ids.get(actorText)));
    });
    await new Promise<void>((resolve) => http.listen(port, "127.0.0.1", resolve));
    this.http = http;
    this.wss = wss;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets.splice(0)) socket.terminate();
    this.wss?.close();
    this.http?.closeAllConnections();
    await new Promise<void>((resolve) => (this.http === undefined ? resolve() : this.http.close(() => resolve())));
  }

  /** Sends a SignalingToActr push (no reply_for) in a version-1 envelope to every connected actor. */
  push(field: number, value: Fields): void {
    for (const socket of this.sockets) socket.send(this.serverEnvelope(socket, undefined, { field, value }));
  }

  /** Requests seen with payload field `field`. */
  seen(field: number): SeenRequest[] {
    return this.requests.filter((request) => request.payloadField === field);
  }

  private registerOkFor(body: Uint8Array): Fields {
    const type = sub(body, REF.RegisterRequest.actr_type) ?? new Uint8Array();
    const id = message(bytes(REF.ActrId.realm, varint(REF.Realm.realm_id, REALM)), varint(REF.ActrId.serial_number, this.nextSerial++), bytes(REF.ActrId.type, type));
    return this.okFor(id);
  }

  private renewOkFor(body: Uint8Array): Fields {
    return this.okFor(sub(body, REF.RenewCredentialRequest.actr_id) ?? new Uint8Array());
  }

  private okFor(id: Fields): Fields {
    this.ids.set(actrIdText(id), id);
    const credential = referenceCredential(this.key, REALM, actrIdText(id), Math.floor(Date.now() / 1000) + this.credentialTtlSec);
    return referenceRegisterOk({ id, credential, key: this.key, heartbeatSecs: this.heartbeatSecs, renewalToken: new TextEncoder().encode(`token-${randomUUID()}`) });
  }

  private adopt(socket: WebSocket, id: Fields | undefined): void {
    this.sockets.push(socket);
    if (id !== undefined) this.targets.set(socket, id);
    socket.on("close", () => {
      const at = this.sockets.indexOf(socket);
      if (at >= 0) this.sockets.splice(at, 1);
    });
    socket.on("message", (data: Buffer) => {
      const frame = new Uint8Array(data);
      const request = sub(frame, REF.SignalingEnvelope.actr_to_server);
      if (request === undefined) return;
      const payloadField = [...readFields(request).keys()].find((field) => field !== REF.ActrToSignaling.source && field !== REF.ActrToSignaling.credential);
      if (payloadField === undefined) return;
      const seen: SeenRequest = {
        envelopeId: str(frame, REF.SignalingEnvelope.envelope_id) ?? "",
        envelopeVersion: num(frame, REF.SignalingEnvelope.envelope_version),
        payloadField,
        payload: sub(request, payloadField) ?? new Uint8Array(),
        socket,
      };
      this.requests.push(seen);
      // As actrix: an UnregisterResponse, then the socket stays until the actor closes it.
      const answer =
        payloadField === REF.ActrToSignaling.unregister_request
          ? { field: REF.SignalingToActr.unregister_response, value: success(new Uint8Array()) }
          : (this.onRequest(seen) ?? this.pong(seen));
      if (answer !== undefined) socket.send(this.serverEnvelope(socket, seen.envelopeId, answer));
    });
  }

  private pong(request: SeenRequest): Answer {
    return request.payloadField === REF.ActrToSignaling.ping ? { field: REF.SignalingToActr.pong, value: varint(REF.Pong.seq, 1) } : undefined;
  }

  /** A version-1 envelope, as released reference servers and actors still write them. */
  private serverEnvelope(socket: WebSocket, replyFor: string | undefined, answer: NonNullable<Answer>): Fields {
    const init = { version: 1, id: randomUUID(), ...(replyFor === undefined ? {} : { replyFor }) };
    if ("envelopeError" in answer) return envelope({ ...init, flowField: REF.SignalingEnvelope.envelope_error, flow: answer.envelopeError });
    const target = this.targets.get(socket) ?? new Uint8Array();
    const flow = message(bytes(REF.SignalingToActr.target, target), bytes(answer.field, answer.value));
    return envelope({ ...init, flowField: REF.SignalingEnvelope.server_to_actr, flow });
  }
}
