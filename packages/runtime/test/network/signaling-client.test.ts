import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { PingSchema, RealmSchema, RegisterRequestSchema, ServiceAvailabilityState, makeActrType } from "@actr/protocol";
import { InvalidArgumentError, TransportError } from "../../src/errors/actr-error.js";
import { ActorIdentity } from "../../src/network/actor-identity.js";
import { register } from "../../src/network/ais-client.js";
import { SignalingClient } from "../../src/network/signaling-client.js";
import { memoryLogger } from "../support/temp-dir.js";
import { TestSignaling } from "./network-fixture.js";
import { waitFor } from "./peer-fixture.js";

const ping = { case: "ping" as const, value: create(PingSchema, { availability: ServiceAvailabilityState.FULL, powerReserve: 1, mailboxBacklog: 0 }) };

function registration(wsAddress = "") {
  return create(RegisterRequestSchema, {
    actrType: makeActrType("acme", "Closer"),
    realm: create(RealmSchema, { realmId: 1 }),
    wsAddress,
  });
}

describe("signaling client", () => {
  let signaling: TestSignaling;
  beforeEach(async () => {
    signaling = new TestSignaling();
    await signaling.start();
  });
  afterEach(() => signaling.stop());

  it("rejects requests waiting for a reconnect as soon as it is closed", async () => {
    const identity = new ActorIdentity(await register(signaling.server.aisUrl, registration(), 5_000));
    const logger = memoryLogger();
    const client = await SignalingClient.connect({
      url: signaling.server.wsUrl,
      identity,
      heartbeatIntervalMs: 600_000,
      // Neither a reconnect nor the request's own timeout may settle the request during the test.
      requestTimeoutMs: 600_000,
      reconnect: { initialMs: 600_000, maxMs: 600_000 },
      logger,
    });
    await signaling.server.close();
    await waitFor(() => !client.isConnected);
    const waiting = client.request(ping);
    await client.close();
    await expect(waiting).rejects.toBeInstanceOf(TransportError);
    await expect(waiting).rejects.toThrow("Signaling client closed");
  });

  it("reports a refused registration as InvalidArgumentError", async () => {
    const refused = register(signaling.server.aisUrl, registration("http://not-a-ws-url"), 5_000);
    await expect(refused).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(refused).rejects.toThrow(/refused the request \(400\): ws_address "http:\/\/not-a-ws-url" is not a ws:\/\/ or wss:\/\/ URL$/);
  });
});
