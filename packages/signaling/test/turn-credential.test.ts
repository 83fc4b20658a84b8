import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { actrIdToString } from "@actr/protocol";
import type { SignalingServer } from "@actr/signaling";
import { register, startQuietServer } from "./support/test-actor.js";

describe("TURN credentials in RegisterOk", () => {
  let server: SignalingServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("carries a TURN REST credential for the registered actor that expires with its identity credential", async () => {
    const secret = "shared-with-coturn";
    server = await startQuietServer({ turn: { secret, urls: ["turn:127.0.0.1:3478"] } });
    const ok = await register(server, { name: "Relayed" });
    const turn = ok.turnCredential!;
    const expiry = ok.credentialExpiresAt!.seconds;
    expect(turn.expiresAt).toBe(expiry);
    expect(turn.username).toBe(`${expiry}:${actrIdToString(ok.actrId!)}`);
    expect(turn.password).toBe(createHmac("sha1", secret).update(turn.username).digest("base64"));
  });

  it("carries an empty placeholder when no TURN relay is configured", async () => {
    server = await startQuietServer();
    const ok = await register(server, { name: "Direct" });
    expect(ok.turnCredential?.username).toBe("");
    expect(ok.turnCredential?.password).toBe("");
  });

  it("refuses TURN options without a secret or with something that is not a TURN URL", async () => {
    await expect(startQuietServer({ turn: { secret: "", urls: ["turn:127.0.0.1:3478"] } })).rejects.toThrow(/turn.secret/);
    await expect(startQuietServer({ turn: { secret: "s", urls: [] } })).rejects.toThrow(/turn.urls needs at least one/);
    await expect(startQuietServer({ turn: { secret: "s", urls: ["http://127.0.0.1:3478"] } })).rejects.toThrow(/not a TURN URL/);
  });
});
