import { afterEach, describe, expect, it, vi } from "vitest";
import { create } from "@bufbuild/protobuf";
import { makeActrType, RealmSchema, RegisterRequestSchema } from "@actr/protocol";
import { ActorIdentity } from "../../src/network/actor-identity.js";
import { register } from "../../src/network/ais-client.js";
import { DEFAULT_RECONNECT_BACKOFF } from "../../src/network/backoff.js";
import { SignalingClient } from "../../src/network/signaling-client.js";
import { createNetworkStarter, type ActorNetwork } from "../../src/network/start-network.js";
import { actorConfig, specFor } from "./network-fixture.js";
import type { Logger } from "../../src/common/logger.js";
import { ReferenceServer } from "./reference-server.js";

const ACTORS = 20;
const OUTAGE_MS = 2 * 60_000;
/** Small, so that real socket I/O in flight spans little fake time. */
const STEP_MS = 10;

/** A logger that keeps the (fake) time of every failed reconnect attempt. */
function attemptClock(): Logger & { readonly failedAt: number[] } {
  const failedAt: number[] = [];
  const line = (message: string): void => {
    if (message.startsWith("Signaling reconnect") && message.includes("failed")) failedAt.push(Date.now());
  };
  return { failedAt, debug: line, info: line, warn: line, error: line };
}

/** Lets real socket I/O progress while the timers are fake. */
async function ioTurns(count = 5): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe("signaling reconnect after a long outage (fake clock, real sockets)", () => {
  const clients: SignalingClient[] = [];
  let server: ReferenceServer | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    for (const client of clients.splice(0)) await client.close();
    await server?.close();
  });

  it("retries every 5 s at most however long the outage, and brings every actor back within 10 s of the server's return, spread over that time", async () => {
    server = new ReferenceServer();
    await server.start();
    const { port } = server;
    const loggers: ReturnType<typeof attemptClock>[] = [];
    for (let i = 0; i < ACTORS; i++) {
      const request = create(RegisterRequestSchema, { actrType: makeActrType("acme", `Actor${i}`, "1.0.0"), realm: create(RealmSchema, { realmId: 9 }) });
      const identity = new ActorIdentity(await register(server.aisUrl, request, 5_000));
      const client = await SignalingClient.connect({
        url: server.wsUrl,
        identity,
        heartbeatIntervalMs: 3_600_000,
        // Longer than the outage: only a reconnect can make the client connected again.
        requestTimeoutMs: 2 * OUTAGE_MS,
        reconnect: DEFAULT_RECONNECT_BACKOFF,
        logger: loggers[loggers.push(attemptClock()) - 1],
      });
      clients.push(client);
    }

    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
    await server.close();
    for (let waited = 0; waited < OUTAGE_MS; waited += STEP_MS) {
      await vi.advanceTimersByTimeAsync(STEP_MS);
      await ioTurns();
    }
    expect(clients.every((client) => !client.isConnected)).toBe(true);
    // Wherever in its schedule an actor is when the server returns, its next attempt is at most 5 s away.
    for (const { failedAt } of loggers) {
      const late = failedAt.filter((at) => at >= failedAt[0]! + OUTAGE_MS / 2);
      const gaps = late.slice(1).map((at, i) => at - late[i]!);
      expect(gaps.length).toBeGreaterThan(10);
      // A failure is logged when its socket error arrives, which on a loaded machine spans some fake time.
      expect(Math.max(...gaps)).toBeLessThanOrEqual(DEFAULT_RECONNECT_BACKOFF.maxMs + 1_000);
    }

    server = new ReferenceServer();
    await server.start(port);
    const returnedAt = Date.now();
    const backAfterMs = new Map<SignalingClient, number>();
    while (backAfterMs.size < ACTORS && Date.now() - returnedAt <= 60_000) {
      await vi.advanceTimersByTimeAsync(STEP_MS);
      await ioTurns();
      for (const client of clients) if (client.isConnected && !backAfterMs.has(client)) backAfterMs.set(client, Date.now() - returnedAt);
    }
    const delays = [...backAfterMs.values()];
    expect(delays).toHaveLength(ACTORS);
    expect(Math.max(...delays)).toBeLessThanOrEqual(10_000);
    // Not all on the same beat: the returns spread over many steps.
    expect(new Set(delays).size).toBeGreaterThan(5);
  });

  it("renews a credential that expired during the outage and is back within 10 s of the server's return", async () => {
    server = new ReferenceServer();
    server.credentialTtlSec = 60;
    await server.start();
    const { port } = server;
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
    const starting = createNetworkStarter({ requestTimeoutMs: 2 * OUTAGE_MS, logger: attemptClock() })(
      actorConfig(server, "Echo", { listen: false }),
      specFor("Echo"),
    );
    let network: ActorNetwork | undefined;
    void starting.then((started) => (network = started));
    while (network === undefined) {
      await vi.advanceTimersByTimeAsync(STEP_MS);
      await ioTurns();
    }
    const started = network;
    try {
      await server.close();
      for (let waited = 0; waited < OUTAGE_MS; waited += STEP_MS) {
        await vi.advanceTimersByTimeAsync(STEP_MS);
        await ioTurns();
      }
      expect(started.identity.expiresAtMs).toBeLessThan(Date.now());
      expect(started.signaling.isConnected).toBe(false);

      await server.start(port);
      const returnedAt = Date.now();
      while (!started.signaling.isConnected && Date.now() - returnedAt <= 60_000) {
        await vi.advanceTimersByTimeAsync(STEP_MS);
        await ioTurns();
      }
      expect(Date.now() - returnedAt).toBeLessThanOrEqual(10_000);
      expect(started.identity.expiresAtMs).toBeGreaterThan(Date.now());
      expect(server.renewals.length).toBeGreaterThan(0);
    } finally {
      vi.useRealTimers();
      await started.close();
    }
  });
});
