import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { encodeCredentialHeader, toBase64 } from "@actr/protocol";
import { PermissionDeniedError } from "../../src/errors/actr-error.js";
import { createNetworkStarter, type ActorNetwork } from "../../src/network/start-network.js";
import { memoryLogger } from "../support/temp-dir.js";
import { actorConfig, specFor, TestSignaling } from "./network-fixture.js";
import { waitFor } from "./peer-fixture.js";

/** Every form in which a credential could leak into a line of text. */
const REALM_SECRET = "realm-1-secret-value";

function secretsOf(network: ActorNetwork): string[] {
  const { credential, renewalToken } = network.identity;
  const forms = (bytes: Uint8Array): string[] => {
    const base64 = toBase64(bytes);
    return [base64, encodeURIComponent(base64), Buffer.from(bytes).toString("base64url"), Buffer.from(bytes).toString("hex")];
  };
  return [
    REALM_SECRET,
    "claims=",
    "signature=",
    ...forms(credential.claims),
    ...forms(credential.signature),
    encodeCredentialHeader(credential),
    ...(renewalToken === undefined ? [] : forms(renewalToken)),
  ];
}

describe("signaling reconnect logs", () => {
  let signaling: TestSignaling;
  beforeEach(async () => {
    signaling = new TestSignaling();
    // The realm admits source-linked actors only with its secret, as actrix does.
    await signaling.start(0, { realmSecrets: { 1: REALM_SECRET } });
  });
  afterEach(() => signaling.stop());

  it("say that the actor lost and regained signaling, and never show its credential", async () => {
    const logger = memoryLogger();
    const start = createNetworkStarter({ reconnect: { initialMs: 20, maxMs: 100 }, requestTimeoutMs: 2_000, logger });
    await expect(start(actorConfig(signaling.server, "Echo"), specFor("Echo"))).rejects.toBeInstanceOf(PermissionDeniedError);
    const network = await start({ ...actorConfig(signaling.server, "Echo"), realmSecret: REALM_SECRET }, specFor("Echo"));
    try {
      const { port } = signaling.server;
      await signaling.server.close();
      await waitFor(() => logger.lines.filter((line) => line.includes("reconnect") && line.includes("failed")).length >= 3);
      await signaling.start(port, { realmSecrets: { 1: REALM_SECRET } });
      await waitFor(() => network.signaling.isConnected);
      expect(logger.lines.some((line) => /^warn Lost the signaling connection to ws:\/\/127\.0\.0\.1:\d+\/signaling\/ws; reconnecting$/.test(line))).toBe(true);
      expect(logger.lines.some((line) => /^info Reconnected to signaling at ws:\/\/127\.0\.0\.1:\d+\/signaling\/ws after [\d.]+ s \(\d+ failed attempts\)$/.test(line))).toBe(true);
      // The first failed attempt is a warning, the others are debug lines.
      expect(logger.lines.filter((line) => line.startsWith("warn Signaling reconnect"))).toHaveLength(1);
      const secrets = secretsOf(network);
      for (const line of logger.lines) for (const secret of secrets) expect(line).not.toContain(secret);
    } finally {
      await network.close();
    }
  });
});
