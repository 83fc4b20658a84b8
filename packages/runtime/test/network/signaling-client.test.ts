import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocketServer, type WebSocket } from "ws";
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

  it("drops a socket whose server stopped answering Pings and reconnects", async () => {
    const identity = new ActorIdentity(await register(signaling.server.aisUrl, registration(), 5_000));
    // Accepts the socket and reads every frame but answers none: a server frozen after the upgrade.
    const frozen = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await once(frozen, "listening");
    const accepted: WebSocket[] = [];
    let reconnected: () => void = () => undefined;
    const secondConnection = new Promise<void>((resolve) => (reconnected = resolve));
    frozen.on("connection", (socket) => accepted.push(socket) === 2 && reconnected());
    const client = await SignalingClient.connect({
      url: `ws://127.0.0.1:${(frozen.address() as AddressInfo).port}/signaling/ws`,
      identity,
      heartbeatIntervalMs: 50,
      requestTimeoutMs: 200,
      reconnect: { initialMs: 10, maxMs: 10 },
      logger: memoryLogger(),
    });
    try {
      await secondConnection;
      // The first socket was dropped by the client: the server closes nothing.
      const first = accepted[0]!;
      if (first.readyState !== first.CLOSED) await once(first, "close");
      expect(first.readyState).toBe(first.CLOSED);
    } finally {
      await client.close();
      for (const socket of accepted) socket.terminate();
      frozen.close();
    }
  });

  it("reports a refused registration as InvalidArgumentError", async () => {
    const refused = register(signaling.server.aisUrl, registration("http://not-a-ws-url"), 5_000);
    await expect(refused).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(refused).rejects.toThrow(/refused the request \(400\): ws_address "http:\/\/not-a-ws-url" is not a ws:\/\/ or wss:\/\/ URL$/);
  });
});
