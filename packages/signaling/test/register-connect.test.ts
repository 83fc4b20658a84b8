import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create, toBinary } from "@bufbuild/protobuf";
import {
  ActrTypeSchema,
  GetServiceSpecRequestSchema,
  RealmSchema,
  RegisterRequestSchema,
  RenewCredentialRequestSchema,
  UnregisterRequestSchema,
  actrIdEquals,
  actrIdToString,
  verifyCredential,
  type SignalingEnvelope,
} from "@actr/protocol";
import type { SignalingServer } from "@actr/signaling";
import { ping } from "./support/ping.js";
import { TestActor, postProtobuf, register, startQuietServer } from "./support/test-actor.js";

function pongSeq(envelope: SignalingEnvelope): bigint | undefined {
  const flow = envelope.flow;
  if (flow.case !== "serverToActr" || flow.value.payload.case !== "pong") return undefined;
  return flow.value.payload.value.seq;
}

describe("registration and connection", () => {
  let server: SignalingServer;
  beforeAll(async () => {
    server = await startQuietServer({ heartbeatTimeoutMs: 20_000 });
  });
  afterAll(() => server.close());

  it("assigns an id in the requested realm with a credential that verifies against the announced key", async () => {
    const ok = await register(server, { name: "Echo", version: "1.0.0", realm: 9 });
    expect(ok.actrId?.realm?.realmId).toBe(9);
    expect(ok.actrId?.type?.name).toBe("Echo");
    expect(ok.signingPubkey).toEqual(server.publicKey);
    expect(ok.signingKeyId).toBe(server.keyId);
    expect(ok.signalingHeartbeatIntervalSecs).toBe(10);
    expect(ok.renewalToken.length).toBeGreaterThan(0);
    const check = verifyCredential(ok.credential!, ok.signingPubkey, ok.signingKeyId, ok.actrId!);
    expect(check.ok).toBe(true);
    const second = await register(server, { name: "Echo", version: "1.0.0", realm: 9 });
    expect(actrIdEquals(second.actrId!, ok.actrId!)).toBe(false);
  });

  it("answers each Ping with a Pong carrying a growing sequence number", async () => {
    const actor = await TestActor.connect(server, await register(server, { name: "Pinger" }));
        const first = await actor.reply(actor.request(ping()));
    const second = await actor.reply(actor.request(ping()));
    expect(first.envelopeVersion).toBe(2);
    expect(first.flow.case === "serverToActr" && actrIdEquals(first.flow.value.target!, actor.id)).toBe(true);
    expect(pongSeq(first)).toBe(1n);
    expect(pongSeq(second)).toBe(2n);
    await actor.close();
  });

  it("renews a credential with the renewal token and refuses a forged token", async () => {
    const ok = await register(server, { name: "Renewer" });
    const body = (token: Uint8Array) =>
      toBinary(RenewCredentialRequestSchema, create(RenewCredentialRequestSchema, { actrId: ok.actrId, renewalToken: token }));
    const renewed = await postProtobuf(`${server.aisUrl}/renew`, body(ok.renewalToken));
    expect(renewed.status).toBe(200);
    const value = renewed.response.result.case === "success" ? renewed.response.result.value : undefined;
    expect(actrIdEquals(value!.actrId!, ok.actrId!)).toBe(true);
    expect(verifyCredential(value!.credential!, server.publicKey, server.keyId, ok.actrId!).ok).toBe(true);
    const forged = ok.renewalToken.slice();
    forged[forged.length - 1]! ^= 1;
    const refused = await postProtobuf(`${server.aisUrl}/renew`, body(forged));
    expect(refused.status).toBe(200);
    expect(refused.response.result.case === "error" && refused.response.result.value.code).toBe(401);
    expect(refused.response.result.case === "error" && refused.response.result.value.message).toMatch(/Renewal token/);
  });

  it("serves a registered service spec by spec name, package and manufacturer+name, 404 otherwise", async () => {
    const serviceSpec = {
      name: "echo-server",
      fingerprint: "service_semantic:abc",
      protobufs: [{ package: "echo", content: "syntax = \"proto3\";", fingerprint: "semantic:1" }],
    };
    await register(server, { name: "SpecHolder", serviceSpec });
    const actor = await TestActor.connect(server, await register(server, { name: "Installer" }));
    for (const name of ["echo-server", "echo", "acme+SpecHolder"]) {
      const reply = await actor.reply(actor.request({ case: "getServiceSpecRequest", value: create(GetServiceSpecRequestSchema, { name }) }));
      const payload = reply.flow.case === "serverToActr" ? reply.flow.value.payload : undefined;
      const result = payload?.case === "getServiceSpecResponse" ? payload.value.result : undefined;
      expect(result?.case === "success" && result.value.fingerprint).toBe("service_semantic:abc");
    }
    const missing = await actor.reply(actor.request({ case: "getServiceSpecRequest", value: create(GetServiceSpecRequestSchema, { name: "nope" }) }));
    const payload = missing.flow.case === "serverToActr" ? missing.flow.value.payload : undefined;
    const result = payload?.case === "getServiceSpecResponse" ? payload.value.result : undefined;
    expect(result?.case === "error" && result.value.code).toBe(404);
    await actor.close();
  });

  it("serves each of two services of one package by its full name, before a package match", async () => {
    const protobufs = [{ package: "acme.v2", content: "syntax = \"proto3\";", fingerprint: "semantic:2" }];
    await register(server, { name: "UserHolder", serviceSpec: { name: "acme.v2.UserService", fingerprint: "service_semantic:user", protobufs } });
    await register(server, { name: "AdminHolder", serviceSpec: { name: "acme.v2.UserAdminService", fingerprint: "service_semantic:admin", protobufs } });
    // Registered last, with a package named like the first service: a spec name still wins.
    const clashing = [{ package: "acme.v2.UserService", content: "syntax = \"proto3\";", fingerprint: "semantic:3" }];
    await register(server, { name: "PackageHolder", serviceSpec: { name: "other", fingerprint: "service_semantic:other", protobufs: clashing } });
    const actor = await TestActor.connect(server, await register(server, { name: "SpecReader" }));
    const fingerprintOf = async (name: string) => {
      const reply = await actor.reply(actor.request({ case: "getServiceSpecRequest", value: create(GetServiceSpecRequestSchema, { name }) }));
      const payload = reply.flow.case === "serverToActr" ? reply.flow.value.payload : undefined;
      const result = payload?.case === "getServiceSpecResponse" ? payload.value.result : undefined;
      return result?.case === "success" ? result.value.fingerprint : undefined;
    };
    expect(await fingerprintOf("acme.v2.UserService")).toBe("service_semantic:user");
    expect(await fingerprintOf("acme.v2.UserAdminService")).toBe("service_semantic:admin");
    expect(await fingerprintOf("acme.v2")).toBe("service_semantic:admin");
    await actor.close();
  });

  it("answers a spec request that the holder's ACL refuses exactly as one for an unknown spec", async () => {
    const acl = { rules: [{ permission: 1, fromType: { manufacturer: "acme", name: "Trusted", version: "" } }] };
    const serviceSpec = { name: "private-spec", fingerprint: "service_semantic:p", protobufs: [] };
    await register(server, { name: "PrivateHolder", serviceSpec, acl });
    const ask = async (asker: TestActor, name: string) => {
      const reply = await asker.reply(asker.request({ case: "getServiceSpecRequest", value: create(GetServiceSpecRequestSchema, { name }) }));
      const payload = reply.flow.case === "serverToActr" ? reply.flow.value.payload : undefined;
      return payload?.case === "getServiceSpecResponse" ? payload.value.result : undefined;
    };
    const trusted = await TestActor.connect(server, await register(server, { name: "Trusted" }));
    const stranger = await TestActor.connect(server, await register(server, { name: "Untrusted" }));
    expect((await ask(trusted, "private-spec"))?.case).toBe("success");
    const refused = await ask(stranger, "private-spec");
    const unknown = await ask(stranger, "no-such-spec");
    expect(refused?.case === "error" && refused.value.code).toBe(404);
    expect(refused?.case === "error" && refused.value.message.replace("private-spec", "X")).toBe(
      unknown?.case === "error" && unknown.value.message.replace("no-such-spec", "X"),
    );
    await Promise.all([trusted.close(), stranger.close()]);
  });

  it("unregisters an actor and closes its socket", async () => {
    const ok = await register(server, { name: "Leaver" });
    const actor = await TestActor.connect(server, ok);
    actor.request({ case: "unregisterRequest", value: create(UnregisterRequestSchema, { actrId: ok.actrId, reason: "bye" }) });
    expect((await actor.closed).reason).toBe("unregistered");
    expect(actrIdToString(ok.actrId!)).toMatch(/@1\/acme:Leaver:$/);
  });
});

describe("malformed HTTP requests", () => {
  let server: SignalingServer;
  beforeAll(async () => {
    server = await startQuietServer({ maxBodyBytes: 1024 });
  });
  afterAll(() => server.close());

  // As actrix does, every refusal is HTTP 200 with the code in the answer's ErrorResponse.
  const errorOf = async (body: Uint8Array | string, contentType?: string, path = "/register") => {
    const { status, response } = await postProtobuf(`${server.aisUrl}${path}`, body, contentType);
    expect(status).toBe(200);
    const error = response.result.case === "error" ? response.result.value : undefined;
    return { status: error?.code, message: error?.message ?? "" };
  };
  const request = (init: Parameters<typeof create<typeof RegisterRequestSchema>>[1]) =>
    toBinary(RegisterRequestSchema, create(RegisterRequestSchema, init));

  it("answers 400 with an ErrorResponse for garbage and incomplete bodies", async () => {
    expect(await errorOf(new Uint8Array([0xff, 0xff, 0xff, 0xff]))).toMatchObject({ status: 400, message: /Register request body/ });
    expect(await errorOf(new Uint8Array())).toMatchObject({ status: 400, message: /required field not set/ });
    expect(await errorOf(new Uint8Array([0xff]), undefined, "/renew")).toMatchObject({ status: 400 });
  });

  it("answers 400 for an invalid actor type or ws_address", async () => {
    const realm = create(RealmSchema, { realmId: 1 });
    const badType = request({ actrType: create(ActrTypeSchema, { manufacturer: "ac me", name: "X", version: "" }), realm });
    expect(await errorOf(badType)).toMatchObject({ status: 400, message: /Invalid manufacturer "ac me"/ });
    const goodType = create(ActrTypeSchema, { manufacturer: "acme", name: "X", version: "" });
    expect(await errorOf(request({ actrType: goodType, realm, wsAddress: "http://x" }))).toMatchObject({ status: 400, message: /ws_address/ });
  });

  it("refuses oversized bodies, other content types, other methods and paths", async () => {
    expect((await errorOf(new Uint8Array(4096))).status).toBe(413);
    expect((await errorOf("{}", "application/json")).status).toBe(415);
    expect((await fetch(`${server.aisUrl}/register`)).status).toBe(405);
    expect((await fetch(`${server.url}/nothing`, { method: "POST" })).status).toBe(404);
    const ok = await register(server, { name: "StillServing", realm: 3 });
    expect(ok.actrId?.type).toMatchObject({ manufacturer: "acme", name: "StillServing" });
    expect(ok.actrId?.realm?.realmId).toBe(3);
  });
});
