import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import WebSocket from "ws";
import {
  actrIdToString,
  CREDENTIAL_HEADER,
  makeActrType,
  PingSchema,
  RealmSchema,
  RegisterRequestSchema,
  RenewCredentialRequestSchema,
  ServiceAvailabilityState,
  SOURCE_ID_HEADER,
  toBase64,
  toHex,
} from "@actr/protocol";
import {
  PermissionDeniedError,
  TargetNotFoundError,
  TransportError,
  InvalidArgumentError,
  type ActrError,
} from "../../src/errors/actr-error.js";
import { register, renewCredential, REALM_SECRET_HEADER } from "../../src/network/ais-client.js";
import { CredentialRejectedError } from "../../src/network/signaling-error.js";
import { createNetworkStarter, type ActorNetwork } from "../../src/network/start-network.js";
import { memoryLogger } from "../support/temp-dir.js";
import { REF, actrId, actrType, bytes, message, num, str, string, sub, varint } from "../../../signaling/test/support/reference-frames.js";
import { actorConfig, specFor } from "./network-fixture.js";
import { waitFor } from "./peer-fixture.js";
import { REF_MORE, ReferenceServer, failure, referenceCredential, referenceKey, success, errorResponse } from "./reference-server.js";

const LINKED = BigInt(REF.RegisterAuthMode.LINKED);

/** Each HTTP-like code of the reference and the ActrError our client turns it into. */
const ERROR_CASES: readonly [number, new (...args: never[]) => ActrError, boolean][] = [
  [400, InvalidArgumentError, false],
  [401, CredentialRejectedError, false],
  [403, PermissionDeniedError, false],
  [404, TargetNotFoundError, false],
  [429, TransportError, true],
  [503, TransportError, true],
];

function request(version = "") {
  return create(RegisterRequestSchema, { actrType: makeActrType("acme", "Caller", version), realm: create(RealmSchema, { realmId: 9 }) });
}

describe("our client against the reference server's golden frames", () => {
  let server: ReferenceServer;
  const networks: ActorNetwork[] = [];

  beforeEach(async () => {
    server = new ReferenceServer();
    await server.start();
  });
  afterEach(async () => {
    for (const network of networks.splice(0)) await network.close();
    await server.close();
  });

  async function start(name: string, options: { realmSecret?: string; listen?: boolean; heartbeatIntervalMs?: number } = {}) {
    const logger = memoryLogger();
    const starter = createNetworkStarter({
      logger,
      requestTimeoutMs: 600_000,
      reconnect: { initialMs: 20, maxMs: 100 },
      ...(options.heartbeatIntervalMs === undefined ? {} : { heartbeatIntervalMs: options.heartbeatIntervalMs }),
    });
    const config = { ...actorConfig(server, name, { listen: options.listen ?? false }), realmSecret: options.realmSecret };
    const network = await starter(config, specFor(name));
    networks.push(network);
    return { network, logger };
  }

  describe("registration", () => {
    it("registers as LINKED with the realm secret in x-actrix-realm-secret, and reads the reference RegisterOk", async () => {
      const { network } = await start("Echo", { realmSecret: "realm-9-secret" });
      const [registration] = server.registrations;
      expect(registration?.headers[REALM_SECRET_HEADER]).toBe("realm-9-secret");
      expect(num(registration?.body, REF.RegisterRequest.auth_mode)).toBe(LINKED);
      expect(str(sub(registration?.body, REF.RegisterRequest.actr_type), REF.ActrType.name)).toBe("Echo");
      expect(actrIdToString(network.actorId)).toBe("10@9/acme:Echo:1.0.0");
      expect(network.identity.signingKeyId).toBe(server.key.keyId);
      expect(network.identity.signingPublicKey).toEqual(server.key.publicKeyRaw);
      expect(network.signaling.isConnected).toBe(true);
    });

    it("sends no realm secret header when none is configured, still as LINKED", async () => {
      await start("Echo");
      const [registration] = server.registrations;
      expect(registration?.headers[REALM_SECRET_HEADER]).toBeUndefined();
      expect(num(registration?.body, REF.RegisterRequest.auth_mode)).toBe(LINKED);
    });

    it.each(ERROR_CASES)("maps an error %i inside an HTTP 200 RegisterResponse to %o", async (code, errorClass, retryable) => {
      server.onRegister = () => ({ body: failure(code, "refused by realm policy") });
      const refused = register(server.aisUrl, request(), 5_000);
      await expect(refused).rejects.toBeInstanceOf(errorClass);
      await expect(refused).rejects.toThrow(`refused the request (${code}): refused by realm policy`);
      expect(await refused.catch((error: ActrError) => error.retryable)).toBe(retryable);
    });

    it("reads the error of a refusal sent with an HTTP error status", async () => {
      server.onRegister = () => ({ status: 403, body: failure(403, "realm 9 is closed") });
      await expect(register(server.aisUrl, request(), 5_000)).rejects.toThrow(/\(403\): realm 9 is closed$/);
    });
  });

  describe("renewal", () => {
    it("sends RenewCredentialRequest and reads the RenewCredentialResponse", async () => {
      const identity = (await start("Echo")).network.identity;
      const renewed = await renewCredential(
        server.aisUrl,
        create(RenewCredentialRequestSchema, { actrId: identity.actorId, renewalToken: identity.renewalToken ?? new Uint8Array() }),
        5_000,
      );
      const [body] = server.renewals;
      expect(sub(body, REF.RenewCredentialRequest.renewal_token)).toEqual(identity.renewalToken);
      expect(str(sub(sub(body, REF.RenewCredentialRequest.actr_id), REF.ActrId.type), REF.ActrType.name)).toBe("Echo");
      expect(renewed.renewalToken.length).toBeGreaterThan(0);
      expect(renewed.renewalToken).not.toEqual(identity.renewalToken);
      identity.update(renewed);
      expect(identity.renewalToken).toEqual(renewed.renewalToken);
    });

    it("maps a RenewCredentialResponse error", async () => {
      server.onRenew = () => ({ body: failure(401, "renewal token expired") });
      const identity = (await start("Echo")).network.identity;
      const renewing = renewCredential(server.aisUrl, create(RenewCredentialRequestSchema, { actrId: identity.actorId, renewalToken: new Uint8Array([1]) }), 5_000);
      await expect(renewing).rejects.toBeInstanceOf(CredentialRejectedError);
    });

    it("renews at once when a Pong carries a CredentialWarning", async () => {
      server.onRequest = (seen) =>
        seen.payloadField === REF.ActrToSignaling.ping
          ? {
              field: REF.SignalingToActr.pong,
              value: message(
                varint(REF.Pong.seq, 1),
                bytes(REF.Pong.credential_warning, message(varint(REF_MORE.CredentialWarning.type, 0), string(REF_MORE.CredentialWarning.message, "key 41 retires soon"))),
              ),
            }
          : undefined;
      const { network, logger } = await start("Echo", { heartbeatIntervalMs: 50 });
      // The credential lives an hour: only the warning can make the actor renew within the test.
      const before = network.identity.renewalToken;
      await waitFor(() => network.identity.renewalToken !== before);
      expect(server.renewals.length).toBeGreaterThan(0);
      expect(logger.lines.some((line) => line.includes("key 41 retires soon"))).toBe(true);
    });
  });

  describe("signaling socket", () => {
    it("reads version-1 envelopes, discovers with the reference's field numbers and warns of a fingerprint no candidate serves", async () => {
      const { network, logger } = await start("Echo");
      const typeEntry = message(
        bytes(REF.TypeEntry.actr_type, actrType("acme", "Peer", "1.0.0")),
        string(REF.TypeEntry.name, "PeerService"),
        string(REF.TypeEntry.service_fingerprint, "service_semantic:newer"),
      );
      server.onRequest = (seen) =>
        seen.payloadField === REF.ActrToSignaling.discovery_request
          ? { field: REF.SignalingToActr.discovery_response, value: success(bytes(REF.DiscoveryOk.entries, typeEntry)) }
          : seen.payloadField === REF.ActrToSignaling.route_candidates_request
          ? {
              field: REF.SignalingToActr.route_candidates_response,
              value: success(
                message(
                  bytes(REF.RouteCandidatesOk.candidates, actrId(9, 0x20n, actrType("acme", "Peer", "1.0.0"))),
                  bytes(REF.RouteCandidatesOk.ws_address_map, message(bytes(REF_MORE.WsAddressEntry.candidate_id, actrId(9, 0x20n, actrType("acme", "Peer", "1.0.0"))), string(REF_MORE.WsAddressEntry.ws_address, "ws://127.0.0.1:1"))),
                ),
              ),
            }
          : undefined;
      const found = await network.discover(makeActrType("acme", "Peer", "1.0.0"), "service_semantic:peer");
      expect(found.candidates.map(actrIdToString)).toEqual(["20@9/acme:Peer:1.0.0"]);
      // The reference sends no compatibility fields: unknown.
      expect(found.compatibility).toBeUndefined();
      const [seen] = server.seen(REF.ActrToSignaling.route_candidates_request);
      expect(str(seen?.payload, REF.RouteCandidatesRequest.client_fingerprint)).toBe("service_semantic:peer");
      expect(str(sub(seen?.payload, REF.RouteCandidatesRequest.target_type), REF.ActrType.version)).toBe("1.0.0");
      // The reference sends no has_exact_match: the realm's type list tells which fingerprints are online.
      expect(logger.lines.filter((line) => line.startsWith("warn No online acme+Peer+1.0.0 serves fingerprint service_semantic:peer"))).toHaveLength(1);
      await network.discover(makeActrType("acme", "Peer", "1.0.0"), "service_semantic:peer", 1);
      expect(server.seen(REF.ActrToSignaling.discovery_request)).toHaveLength(1);
      // ctx.discover asks for one candidate: criteria.candidate_count = 1; an address lookup sends no criteria.
      const [plain, counted] = server.seen(REF.ActrToSignaling.route_candidates_request);
      expect(sub(plain?.payload, REF.RouteCandidatesRequest.criteria)).toBeUndefined();
      expect(num(sub(counted?.payload, REF.RouteCandidatesRequest.criteria), 1)).toBe(1n);
    });

    it.each(ERROR_CASES)("fails a request at once on SignalingToActr.error %i with reply_for, as %o", async (code, errorClass, retryable) => {
      const { network } = await start("Echo");
      server.onRequest = (seen) =>
        seen.payloadField === REF.ActrToSignaling.route_candidates_request ? { field: REF.SignalingToActr.error, value: errorResponse(code, "not for you") } : undefined;
      // The request timeout is 10 minutes: only the error answer can settle it within the test.
      const refused = network.discover(makeActrType("acme", "Peer", "1.0.0"), "");
      await expect(refused).rejects.toBeInstanceOf(errorClass);
      await expect(refused).rejects.toThrow(`Signaling server refused routeCandidatesRequest: not for you (code ${code})`);
      expect(await refused.catch((error: ActrError) => error.retryable)).toBe(retryable);
    });

    it("fails a request at once on envelope_error with reply_for", async () => {
      const { network } = await start("Echo");
      server.onRequest = (seen) => (seen.payloadField === REF.ActrToSignaling.discovery_request ? { envelopeError: errorResponse(400, "unreadable frame") } : undefined);
      const refused = network.signaling.discoverTypes("acme");
      await expect(refused).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(refused).rejects.toThrow("unreadable frame (code 400)");
    });

    it("logs an error the server ties to no request and keeps serving", async () => {
      const { network, logger } = await start("Echo");
      server.push(REF.SignalingToActr.error, errorResponse(400, "bad frame from you"));
      await waitFor(() => logger.lines.some((line) => line.includes("bad frame from you")));
      await expect(network.signaling.request({ case: "ping", value: create(PingSchema, { availability: ServiceAvailabilityState.FULL, powerReserve: 1, mailboxBacklog: 0 }) })).resolves.toMatchObject({ case: "pong" });
    });

    it("asks for a signing key by key_id and reads GetSigningKeyResponse", async () => {
      const { network } = await start("Echo");
      const other = referenceKey(77);
      server.onRequest = (seen) =>
        seen.payloadField === REF.ActrToSignaling.get_signing_key_request
          ? { field: REF.SignalingToActr.get_signing_key_response, value: message(varint(REF.GetSigningKeyResponse.key_id, num(seen.payload, REF.GetSigningKeyRequest.key_id) ?? 0n), bytes(REF.GetSigningKeyResponse.pubkey, other.publicKeyRaw)) }
          : undefined;
      await expect(network.signaling.signingKey(77)).resolves.toEqual(other.publicKeyRaw);
      expect(num(server.seen(REF.ActrToSignaling.get_signing_key_request)[0]?.payload, REF.GetSigningKeyRequest.key_id)).toBe(77n);
    });

    it("lists the realm's types with DiscoveryRequest", async () => {
      const { network } = await start("Echo");
      const entry = (name: string) =>
        message(
          bytes(REF.TypeEntry.actr_type, actrType("acme", name, "0.1.0")),
          string(REF.TypeEntry.name, `${name}Service`),
          string(REF.TypeEntry.service_fingerprint, `service_semantic:${name}`),
        );
      server.onRequest = (seen) =>
        seen.payloadField === REF.ActrToSignaling.discovery_request
          ? { field: REF.SignalingToActr.discovery_response, value: success(message(bytes(REF.DiscoveryOk.entries, entry("Echo")), bytes(REF.DiscoveryOk.entries, entry("Clock")))) }
          : undefined;
      const entries = await network.signaling.discoverTypes("acme");
      expect(entries.map((e) => [e.actrType?.name, e.actrType?.version, e.name, e.serviceFingerprint])).toEqual([
        ["Echo", "0.1.0", "EchoService", "service_semantic:Echo"],
        ["Clock", "0.1.0", "ClockService", "service_semantic:Clock"],
      ]);
      expect(str(server.seen(REF.ActrToSignaling.discovery_request)[0]?.payload, REF.DiscoveryRequest.manufacturer)).toBe("acme");
    });
  });

  describe("ActrUp", () => {
    const okFor = (field: number) => (seen: { payloadField: number }) =>
      seen.payloadField === field ? { field, value: success(new Uint8Array()) } : undefined;

    it("subscribes, receives ActrUpEvent pushes, re-subscribes after a reconnect and unsubscribes", async () => {
      const { network } = await start("Echo");
      server.onRequest = (seen) => okFor(REF.ActrToSignaling.subscribe_actr_up_request)(seen) ?? okFor(REF.ActrToSignaling.unsubscribe_actr_up_request)(seen);
      const ups: string[] = [];
      const unsubscribe = await network.onActorUp!(makeActrType("acme", "Clock"), (id) => void ups.push(actrIdToString(id)));
      const [subscribe] = server.seen(REF.ActrToSignaling.subscribe_actr_up_request);
      expect(str(sub(subscribe?.payload, REF.SubscribeActrUpRequest.target_type), REF.ActrType.name)).toBe("Clock");

      server.push(REF.SignalingToActr.actr_up_event, bytes(REF.ActrUpEvent.actor_id, actrId(9, 0x33n, actrType("acme", "Clock", "2.0.0"))));
      server.push(REF.SignalingToActr.actr_up_event, bytes(REF.ActrUpEvent.actor_id, actrId(9, 0x34n, actrType("acme", "Other", "2.0.0"))));
      await waitFor(() => ups.length === 1);
      expect(ups).toEqual(["33@9/acme:Clock:2.0.0"]);

      for (const socket of server.sockets) socket.terminate();
      await waitFor(() => server.seen(REF.ActrToSignaling.subscribe_actr_up_request).length === 2);
      server.push(REF.SignalingToActr.actr_up_event, bytes(REF.ActrUpEvent.actor_id, actrId(9, 0x35n, actrType("acme", "Clock", "2.0.0"))));
      await waitFor(() => ups.length === 2);

      unsubscribe();
      await waitFor(() => server.seen(REF.ActrToSignaling.unsubscribe_actr_up_request).length === 1);
      const [unsubscribed] = server.seen(REF.ActrToSignaling.unsubscribe_actr_up_request);
      expect(str(sub(unsubscribed?.payload, REF_MORE.UnsubscribeActrUpRequest.target_type), REF.ActrType.name)).toBe("Clock");
      server.push(REF.SignalingToActr.actr_up_event, bytes(REF.ActrUpEvent.actor_id, actrId(9, 0x36n, actrType("acme", "Clock", "2.0.0"))));
      await network.signaling.request({ case: "ping", value: create(PingSchema, { availability: ServiceAvailabilityState.FULL, powerReserve: 1, mailboxBacklog: 0 }) });
      expect(ups).toHaveLength(2);
    });

    it("rejects a subscription the server refuses", async () => {
      const { network } = await start("Echo");
      server.onRequest = (seen) =>
        seen.payloadField === REF.ActrToSignaling.subscribe_actr_up_request ? { field: REF.SignalingToActr.subscribe_actr_up_response, value: failure(403, "ACL hides acme+Secret") } : undefined;
      await expect(network.onActorUp!(makeActrType("acme", "Secret"), () => undefined)).rejects.toBeInstanceOf(PermissionDeniedError);
    });
  });

  describe("peer credentials", () => {
    async function dial(url: string, headers: Record<string, string>): Promise<number> {
      const socket = new WebSocket(url, { headers });
      return new Promise((resolve) => {
        socket.once("open", () => {
          socket.close();
          resolve(101);
        });
        socket.once("unexpected-response", (_request, response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        socket.once("error", () => resolve(0));
      });
    }

    it("fetches an unknown signing key by key_id before accepting or refusing a dialing peer", async () => {
      const { network } = await start("Echo", { listen: true });
      const rotated = referenceKey(42);
      server.onRequest = (seen) => {
        if (seen.payloadField !== REF.ActrToSignaling.get_signing_key_request) return undefined;
        const keyId = num(seen.payload, REF.GetSigningKeyRequest.key_id);
        if (keyId !== 42n) return { field: REF.SignalingToActr.error, value: errorResponse(404, `no key ${keyId}`) };
        return { field: REF.SignalingToActr.get_signing_key_response, value: message(varint(REF.GetSigningKeyResponse.key_id, 42), bytes(REF.GetSigningKeyResponse.pubkey, rotated.publicKeyRaw)) };
      };
      const peer = actrId(9, 0x50n, actrType("acme", "Peer", "1.0.0"));
      const headersWith = (key: ReturnType<typeof referenceKey>) => ({
        [SOURCE_ID_HEADER]: toHex(peer),
        [CREDENTIAL_HEADER]: toBase64(referenceCredential(key, 9, "50@9/acme:Peer:1.0.0", Math.floor(Date.now() / 1000) + 600)),
      });
      const url = network.wsAddress ?? "";
      expect(await dial(url, headersWith(server.key))).toBe(101);
      expect(await dial(url, headersWith(rotated))).toBe(101);
      expect(await dial(url, headersWith(rotated))).toBe(101);
      // Fetched once, then remembered.
      expect(server.seen(REF.ActrToSignaling.get_signing_key_request)).toHaveLength(1);
      expect(await dial(url, headersWith(referenceKey(43)))).toBe(401);
      expect(server.seen(REF.ActrToSignaling.get_signing_key_request).map((seen) => num(seen.payload, REF.GetSigningKeyRequest.key_id))).toEqual([42n, 43n]);
      // A dialer inventing key ids gets refused without flooding signaling with lookups.
      for (let keyId = 100; keyId < 140; keyId++) expect(await dial(url, headersWith(referenceKey(keyId)))).toBe(401);
      expect(server.seen(REF.ActrToSignaling.get_signing_key_request)).toHaveLength(30);
    });
  });
});
