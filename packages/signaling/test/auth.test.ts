import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import {
  AIdCredentialSchema,
  createSigningKey,
  identityClaimsFor,
  issueCredential,
  saveSigningKey,
  signalingWsUrl,
  type SignalingEnvelope,
} from "@actr/protocol";
import { CLOSE_REPLACED, type SignalingServer } from "@actr/signaling";
import { ping } from "./support/ping.js";
import { requestError } from "./support/request-error.js";
import { TestActor, register, startQuietServer, upgradeStatus } from "./support/test-actor.js";

function requestErrorCode(envelope: SignalingEnvelope): number | undefined {
  return requestError(envelope)?.code;
}

describe("credential checks", () => {
  const dir = mkdtempSync(join(tmpdir(), "actr-signaling-auth-"));
  // The test holds the server's key, so it can mint expired credentials the server itself signed.
  const key = createSigningKey(77);
  const keyFile = join(dir, "key");
  saveSigningKey(key, keyFile);
  let server: SignalingServer;
  beforeAll(async () => {
    server = await startQuietServer({ keyFile });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses the upgrade with 401 for a forged or expired credential, 403 for another actor's", async () => {
    const ok = await register(server, { name: "Victim" });
    const other = await register(server, { name: "Other" });
    const id = ok.actrId!;
    const forgedSignature = create(AIdCredentialSchema, { ...ok.credential!, signature: new Uint8Array(64) });
    const foreignKey = issueCredential(createSigningKey(77), identityClaimsFor(id, Date.now() / 1000 + 60));
    const expired = issueCredential(key, identityClaimsFor(id, Math.floor(Date.now() / 1000) - 1));
    expect(await upgradeStatus(signalingWsUrl(server.wsUrl, id, ok.credential!))).toBe(101);
    expect(await upgradeStatus(signalingWsUrl(server.wsUrl, id, forgedSignature))).toBe(401);
    expect(await upgradeStatus(signalingWsUrl(server.wsUrl, id, foreignKey))).toBe(401);
    expect(await upgradeStatus(signalingWsUrl(server.wsUrl, id, expired))).toBe(401);
    expect(await upgradeStatus(signalingWsUrl(server.wsUrl, id, other.credential!))).toBe(403);
    expect(await upgradeStatus(server.wsUrl)).toBe(401);
    expect(await upgradeStatus(`${server.url.replace("http", "ws")}/elsewhere`)).toBe(404);
  });

  it("answers 403 to a message with a spoofed source or another actor's credential and keeps the connection", async () => {
    const alice = await TestActor.connect(server, await register(server, { name: "Alice" }));
    const bob = await register(server, { name: "Bob" });
    const spoofed = await alice.reply(alice.request(ping(), { source: bob.actrId }));
    expect(requestErrorCode(spoofed)).toBe(403);
    const borrowed = await alice.reply(alice.request(ping(), { credential: bob.credential }));
    expect(requestErrorCode(borrowed)).toBe(403);
    const forged = create(AIdCredentialSchema, { ...alice.ok.credential!, signature: new Uint8Array(64) });
    expect(requestErrorCode(await alice.reply(alice.request(ping(), { credential: forged })))).toBe(401);
    const pong = await alice.reply(alice.request(ping()));
    expect(pong.flow.case).toBe("serverToActr");
    await alice.close();
  });

  it("closes the older socket when the same actor connects again", async () => {
    const ok = await register(server, { name: "Twice" });
    const first = await TestActor.connect(server, ok);
    const second = await TestActor.connect(server, ok);
    expect((await first.closed).code).toBe(CLOSE_REPLACED);
    expect((await second.reply(second.request(ping()))).flow.case).toBe("serverToActr");
    await second.close();
  });
});
