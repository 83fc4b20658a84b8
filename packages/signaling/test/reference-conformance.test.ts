import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { SignalingServer } from "@actr/signaling";
import {
  REF,
  actrIdText,
  actrToSignaling,
  actrType,
  all,
  bytes,
  envelope,
  message,
  num,
  ping,
  readFields,
  registerRequest,
  renewRequest,
  serviceSpec,
  str,
  string,
  sub,
  varint,
  type RegisterInit,
} from "./support/reference-frames.js";
import { startQuietServer } from "./support/test-actor.js";

const SECRET_REALM = 7;
const SECRET = "realm-7-secret";
const LINKED = REF.RegisterAuthMode.LINKED;

/** POSTs golden bytes; every answer must be HTTP 200 with a RegisterResponse-shaped body. */
async function post(url: string, body: Uint8Array, headers: Record<string, string> = {}): Promise<Uint8Array> {
  const reply = await fetch(url, { method: "POST", body, headers: { "Content-Type": "application/x-protobuf", ...headers } });
  expect(reply.status).toBe(200);
  return new Uint8Array(await reply.arrayBuffer());
}

function errorCode(response: Uint8Array): bigint | undefined {
  return num(sub(response, REF.RegisterResponse.error), REF.ErrorResponse.code);
}

/** A reference actor: registers with golden bytes and speaks golden envelopes over a raw socket. */
class ReferenceActor {
  private readonly inbox: Uint8Array[] = [];
  private readonly waiters: Array<() => void> = [];
  private next = 0;

  private constructor(
    readonly socket: WebSocket,
    readonly id: Uint8Array,
    readonly credential: Uint8Array,
    readonly registerOk: Uint8Array,
  ) {
    socket.on("message", (data: Buffer) => {
      this.inbox.push(new Uint8Array(data));
      this.waiters.splice(0).forEach((wake) => wake());
    });
  }

  static async register(server: SignalingServer, init: RegisterInit, headers: Record<string, string> = {}): Promise<Uint8Array> {
    const response = await post(`${server.aisUrl}/register`, registerRequest(init), headers);
    const ok = sub(response, REF.RegisterResponse.success);
    if (ok === undefined) throw new Error(`registration refused with ${errorCode(response)}`);
    return ok;
  }

  static async connect(server: SignalingServer, ok: Uint8Array, query = ""): Promise<ReferenceActor> {
    const id = sub(ok, REF.RegisterOk.actr_id)!;
    const credential = sub(ok, REF.RegisterOk.credential)!;
    const params = new URLSearchParams({
      actor_id: actrIdText(id),
      key_id: String(num(credential, REF.AIdCredential.key_id)),
      claims: Buffer.from(sub(credential, REF.AIdCredential.claims)!).toString("base64"),
      signature: Buffer.from(sub(credential, REF.AIdCredential.signature)!).toString("base64"),
    });
    const socket = new WebSocket(`${server.wsUrl}?${params}${query}`);
    await once(socket, "open");
    return new ReferenceActor(socket, id, credential, ok);
  }

  /** Sends an actr_to_server request in a version-1 envelope, as released reference actors do; returns its id. */
  request(payloadField: number, payload: Uint8Array, overrides: { source?: Uint8Array; credential?: Uint8Array } = {}): string {
    const flow = actrToSignaling(overrides.source ?? this.id, overrides.credential ?? this.credential, payloadField, payload);
    return this.send(REF.SignalingEnvelope.actr_to_server, flow);
  }

  send(flowField: number, flow: Uint8Array): string {
    const id = `ref-${++this.next}`;
    this.socket.send(envelope({ version: 1, id, flowField, flow }));
    return id;
  }

  /** What arrived and was not taken yet. */
  received(): readonly Uint8Array[] {
    return this.inbox;
  }

  /** The next received envelope matching `predicate`, within 5 s. */
  async receive(predicate: (frame: Uint8Array) => boolean): Promise<Uint8Array> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const index = this.inbox.findIndex(predicate);
      if (index >= 0) return this.inbox.splice(index, 1)[0]!;
      if (Date.now() > deadline) throw new Error("no matching envelope within 5 s");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The server_to_actr answer to `envelopeId`, after checking its envelope and target. */
  async answer(envelopeId: string): Promise<Uint8Array> {
    const frame = await this.receive((bytes) => str(bytes, REF.SignalingEnvelope.reply_for) === envelopeId);
    const toActr = sub(frame, REF.SignalingEnvelope.server_to_actr);
    expect(toActr, "answer is server_to_actr").toBeDefined();
    expect(actrIdText(sub(toActr, REF.SignalingToActr.target)!)).toBe(actrIdText(this.id));
    return toActr!;
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    this.socket.close();
    await once(this.socket, "close");
  }
}

const echoType = () => actrType("acme", "EchoService", "0.1.0");

describe("conformance with the reference protocol (golden frames against our server)", () => {
  let server: SignalingServer;
  const actors: ReferenceActor[] = [];
  beforeAll(async () => {
    server = await startQuietServer({ realmSecrets: { [SECRET_REALM]: SECRET } });
  });
  afterAll(async () => {
    await Promise.all(actors.map((actor) => actor.close()));
    await server.close();
  });

  const linked = (name: string, extra: Partial<RegisterInit> = {}) =>
    ReferenceActor.register(server, { type: actrType("acme", name, "0.1.0"), realmId: SECRET_REALM, authMode: LINKED, ...extra }, {
      "x-actrix-realm-secret": SECRET,
    });
  const connect = async (ok: Uint8Array, query = "") => {
    const actor = await ReferenceActor.connect(server, ok, query);
    actors.push(actor);
    return actor;
  };

  it("registers a LINKED actor with the realm secret header and a serial below 2^53", async () => {
    const ok = await linked("EchoService");
    const id = sub(ok, REF.RegisterOk.actr_id)!;
    expect(num(id, REF.ActrId.serial_number)! < 2n ** 53n).toBe(true);
    expect(actrIdText(id)).toMatch(/^[0-9a-f]+@7\/acme:EchoService:0\.1\.0$/);
    expect(sub(ok, REF.RegisterOk.signing_pubkey)).toEqual(server.publicKey);
    expect(num(ok, REF.RegisterOk.signing_key_id)).toBe(BigInt(server.keyId));
    expect(num(ok, REF.RegisterOk.signaling_heartbeat_interval_secs)! > 0n).toBe(true);
    expect(sub(ok, REF.RegisterOk.renewal_token)!.length).toBeGreaterThan(0);
  });

  it("refuses a wrong or missing realm secret (403), an unknown realm (403), and PACKAGE-less registration (400 / 501), all as HTTP 200", async () => {
    const request = (init: Partial<RegisterInit>) => registerRequest({ type: echoType(), realmId: SECRET_REALM, ...init });
    const url = `${server.aisUrl}/register`;
    expect(errorCode(await post(url, request({ authMode: LINKED }), { "x-actrix-realm-secret": "wrong" }))).toBe(403n);
    expect(errorCode(await post(url, request({ authMode: LINKED })))).toBe(403n);
    expect(errorCode(await post(url, request({ authMode: LINKED, realmId: 8 }), { "x-actrix-realm-secret": SECRET }))).toBe(403n);
    // No auth_mode is the package path: it needs target and manifest_raw.
    expect(errorCode(await post(url, request({}), { "x-actrix-realm-secret": SECRET }))).toBe(400n);
    expect(errorCode(await post(url, request({ authMode: REF.RegisterAuthMode.PACKAGE })))).toBe(400n);
    const packaged = request({ authMode: REF.RegisterAuthMode.PACKAGE, target: "x86_64-unknown-linux-gnu", manifestRaw: new Uint8Array([1]) });
    expect(errorCode(await post(url, packaged))).toBe(501n);
  });

  it("admits registrations without auth_mode on a server without realm secrets", async () => {
    const open = await startQuietServer();
    try {
      const response = await post(`${open.aisUrl}/register`, registerRequest({ type: echoType(), realmId: 1 }));
      expect(sub(response, REF.RegisterResponse.success, REF.RegisterOk.actr_id)).toBeDefined();
    } finally {
      await open.close();
    }
  });

  it("answers /ais/renew with RenewCredentialResponse.success for the same actor", async () => {
    const ok = await linked("Renewing");
    const id = sub(ok, REF.RegisterOk.actr_id)!;
    const response = await post(`${server.aisUrl}/renew`, renewRequest(id, sub(ok, REF.RegisterOk.renewal_token)!));
    const renewed = sub(response, REF.RenewCredentialResponse.success);
    expect(actrIdText(sub(renewed, REF.RegisterOk.actr_id)!)).toBe(actrIdText(id));
    const forged = await post(`${server.aisUrl}/renew`, renewRequest(id, new Uint8Array(72)));
    expect(num(sub(forged, REF.RenewCredentialResponse.error), REF.ErrorResponse.code)).toBe(401n);
  });

  it("answers a version-1 Ping with a Pong in server_to_actr with reply_for", async () => {
    const actor = await connect(await linked("Pinger"), "&webrtc_role=answer");
    const answer = await actor.answer(actor.request(REF.ActrToSignaling.ping, ping()));
    expect(num(sub(answer, REF.SignalingToActr.pong), REF.Pong.seq)).toBe(1n);
  });

  it("sends per-request errors as SignalingToActr.error with reply_for (401, 403) and envelope_error only for unreadable frames", async () => {
    const actor = await connect(await linked("Erring"));
    const other = await linked("Other");
    const code = (answer: Uint8Array) => num(sub(answer, REF.SignalingToActr.error), REF.ErrorResponse.code);
    const spoofed = actor.request(REF.ActrToSignaling.ping, ping(), { source: sub(other, REF.RegisterOk.actr_id)! });
    expect(code(await actor.answer(spoofed))).toBe(403n);
    const borrowed = actor.request(REF.ActrToSignaling.ping, ping(), { credential: sub(other, REF.RegisterOk.credential)! });
    expect(code(await actor.answer(borrowed))).toBe(403n);
    const badSignature = message(
      varint(REF.AIdCredential.key_id, num(actor.credential, REF.AIdCredential.key_id)!),
      bytes(REF.AIdCredential.claims, sub(actor.credential, REF.AIdCredential.claims)!),
      bytes(REF.AIdCredential.signature, new Uint8Array(64)),
    );
    expect(code(await actor.answer(actor.request(REF.ActrToSignaling.ping, ping(), { credential: badSignature })))).toBe(401n);
    actor.socket.send(new Uint8Array([0xff, 0xff, 0xff]));
    const unreadable = await actor.receive((frame) => sub(frame, REF.SignalingEnvelope.envelope_error) !== undefined);
    expect(num(sub(unreadable, REF.SignalingEnvelope.envelope_error), REF.ErrorResponse.code)).toBe(400n);
    expect(code(await actor.answer(actor.request(REF.ActrToSignaling.ping, ping())))).toBeUndefined();
  });

  it("answers a PeerToSignaling registration with RegisterResponse error 410", async () => {
    const actor = await connect(await linked("SocketRegistrar"));
    const flow = bytes(REF.PeerToSignaling.register_request, registerRequest({ type: echoType(), realmId: SECRET_REALM }));
    const answer = await actor.answer(actor.send(REF.SignalingEnvelope.peer_to_server, flow));
    expect(num(sub(answer, REF.SignalingToActr.register_response, REF.RegisterResponse.error), REF.ErrorResponse.code)).toBe(410n);
  });

  it("serves GetSigningKey for its key and answers an unknown key_id with error 404", async () => {
    const actor = await connect(await linked("KeyAsker"));
    const known = await actor.answer(actor.request(REF.ActrToSignaling.get_signing_key_request, varint(REF.GetSigningKeyRequest.key_id, server.keyId)));
    const key = sub(known, REF.SignalingToActr.get_signing_key_response);
    expect(num(key, REF.GetSigningKeyResponse.key_id)).toBe(BigInt(server.keyId));
    expect(sub(key, REF.GetSigningKeyResponse.pubkey)).toEqual(server.publicKey);
    const unknownId = (server.keyId + 1) >>> 0;
    const unknown = await actor.answer(actor.request(REF.ActrToSignaling.get_signing_key_request, varint(REF.GetSigningKeyRequest.key_id, unknownId)));
    expect(num(sub(unknown, REF.SignalingToActr.error), REF.ErrorResponse.code)).toBe(404n);
  });

  it("discovers types with versions, and route candidates by exact version or any version when the request has none", async () => {
    const service = await connect(await linked("Versioned", { serviceSpec: serviceSpec("versioned-svc", "service_semantic:v1") }));
    const caller = await connect(await linked("VersionCaller"));
    const discovery = await caller.answer(caller.request(REF.ActrToSignaling.discovery_request, string(REF.DiscoveryRequest.manufacturer, "acme")));
    const entries = all(sub(discovery, REF.SignalingToActr.discovery_response, REF.DiscoveryResponse.success), REF.DiscoveryOk.entries);
    const versioned = entries.find((entry) => str(sub(entry, REF.TypeEntry.actr_type), REF.ActrType.name) === "Versioned");
    expect(str(sub(versioned, REF.TypeEntry.actr_type), REF.ActrType.version)).toBe("0.1.0");
    expect(str(versioned, REF.TypeEntry.name)).toBe("versioned-svc");
    expect(str(versioned, REF.TypeEntry.service_fingerprint)).toBe("service_semantic:v1");

    const candidates = async (version: string) => {
      const request = message(
        bytes(REF.RouteCandidatesRequest.target_type, actrType("acme", "Versioned", version)),
        string(REF.RouteCandidatesRequest.client_fingerprint, "service_semantic:v1"),
      );
      const answer = await caller.answer(caller.request(REF.ActrToSignaling.route_candidates_request, request));
      const ok = sub(answer, REF.SignalingToActr.route_candidates_response, REF.RouteCandidatesResponse.success)!;
      // Field 3 is not ours to send: a reference peer does not define it.
      expect(readFields(ok).has(3)).toBe(false);
      return all(ok, REF.RouteCandidatesOk.candidates).map(actrIdText);
    };
    expect(await candidates("0.1.0")).toEqual([actrIdText(service.id)]);
    expect(await candidates("")).toEqual([actrIdText(service.id)]);
    expect(await candidates("0.2.0")).toEqual([]);
  });

  it("pushes ActrUpEvent to subscribers when an actor of the type comes online, and stops after unsubscribe", async () => {
    const watcher = await connect(await linked("UpWatcher"));
    const watched = () => actrType("acme", "UpTarget", "");
    const subscribed = await watcher.answer(
      watcher.request(REF.ActrToSignaling.subscribe_actr_up_request, bytes(REF.SubscribeActrUpRequest.target_type, watched())),
    );
    expect(sub(subscribed, REF.SignalingToActr.subscribe_actr_up_response, REF.SubscribeActrUpResponse.success)).toBeDefined();
    const target = await connect(await linked("UpTarget"));
    const event = await watcher.receive((frame) => sub(frame, REF.SignalingEnvelope.server_to_actr, REF.SignalingToActr.actr_up_event) !== undefined);
    const upId = sub(event, REF.SignalingEnvelope.server_to_actr, REF.SignalingToActr.actr_up_event, REF.ActrUpEvent.actor_id)!;
    expect(actrIdText(upId)).toBe(actrIdText(target.id));

    const unsubscribed = await watcher.answer(
      watcher.request(REF.ActrToSignaling.unsubscribe_actr_up_request, bytes(REF.SubscribeActrUpRequest.target_type, watched())),
    );
    expect(sub(unsubscribed, REF.SignalingToActr.unsubscribe_actr_up_response)).toBeDefined();
    await connect(await linked("UpTarget"));
    // The server announces an actor while accepting its socket, so an event would precede this Pong.
    await watcher.answer(watcher.request(REF.ActrToSignaling.ping, ping()));
    expect(watcher.received().some((frame) => sub(frame, REF.SignalingEnvelope.server_to_actr, REF.SignalingToActr.actr_up_event) !== undefined)).toBe(false);
  });

  it("answers UnregisterRequest with UnregisterResponse.success and refuses the credential and its renewal afterwards", async () => {
    const actor = await connect(await linked("Leaving"));
    const request = message(bytes(REF.UnregisterRequest.actr_id, actor.id), string(REF.UnregisterRequest.reason, "done"));
    const answer = await actor.answer(actor.request(REF.ActrToSignaling.unregister_request, request));
    expect(sub(answer, REF.SignalingToActr.unregister_response, REF.UnregisterResponse.success)).toBeDefined();
    await expect(ReferenceActor.connect(server, actor.registerOk)).rejects.toThrow(/401/);
    // Nor can it renew: its credential dies with its lifetime (credentialTtlSec), however long its renewal token would live.
    const renewal = await post(`${server.aisUrl}/renew`, renewRequest(actor.id, sub(actor.registerOk, REF.RegisterOk.renewal_token)!));
    expect(num(sub(renewal, REF.RenewCredentialResponse.error), REF.ErrorResponse.code)).toBe(401n);
  });

  it("serves /signaling/health and /ais/health", async () => {
    for (const path of ["/signaling/health", "/ais/health"]) {
      const reply = await fetch(`${server.url}${path}`);
      expect(reply.status).toBe(200);
      expect(await reply.json()).toMatchObject({ status: "healthy" });
    }
  });
});
