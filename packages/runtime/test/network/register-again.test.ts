import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actrIdToString, type ActrId } from "@actr/protocol";
import { ActrSystem, Dest, NoServiceWorkload } from "@actr/runtime";
import type { ActrRef } from "@actr/runtime";
import { LOCK_FILE_VERSION, formatLockFile } from "@actr/runtime/internal";
import { EchoServiceClient, EchoServiceSpec, EchoServiceWorkload } from "../../../../fixtures/echo/expected/echo/echo_service_actor.js";
import { createNetworkStarter } from "../../src/network/start-network.js";
import { memoryLogger } from "../support/temp-dir.js";
import { TestSignaling } from "./network-fixture.js";
import { waitFor } from "./peer-fixture.js";

/** Retries `attempt` until it resolves, for at most `timeoutMs` (discovery while actors come back). */
async function eventually<T>(attempt: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * A signaling server that restarts with a fresh registry (and a fresh key) knows neither the
 * actors' credentials nor their renewal tokens: each actor registers again, under a new id, and
 * goes on serving under it.
 */
describe("an actor the signaling server forgot", () => {
  let signaling = new TestSignaling();
  const echoLog = memoryLogger();
  const refs: ActrRef[] = [];
  // Each actor may discover the EchoService.
  const dir = mkdtempSync(join(tmpdir(), "actr-register-again-"));
  const lockPath = join(dir, "Actr.lock.toml");
  const dependency = { name: "echo", actrType: "acme+EchoService", fingerprint: EchoServiceSpec.fingerprint, files: [] };
  writeFileSync(lockPath, formatLockFile({ version: LOCK_FILE_VERSION, generatedAt: "now", dependencies: [dependency] }));

  async function start(actrType: string, workload: EchoServiceWorkload | NoServiceWorkload, logger = memoryLogger()): Promise<ActrRef> {
    const network = createNetworkStarter({ reconnect: { initialMs: 50, maxMs: 200 }, requestTimeoutMs: 5_000, logger });
    const system = await ActrSystem.fromConfig(
      { actrType, baseDir: dir, lockPath, realmId: 1, signaling: signaling.server.wsUrl, mailboxPath: ":memory:", websocketListenPort: 0, webrtc: { enabled: false } },
      { network, logger },
    );
    const ref = await system.attach(workload).start();
    refs.push(ref);
    return ref;
  }

  beforeAll(async () => {
    await signaling.start();
  });

  afterAll(async () => {
    for (const ref of refs) await ref.shutdown();
    await signaling.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("registers again under a new id, is found by discovery under it and serves calls; its subscriptions follow", async () => {
    const echo = await start("acme+EchoService", new EchoServiceWorkload({ echo: async ({ message }) => ({ reply: message }) }), echoLog);
    const caller = await start("acme+Caller", new NoServiceWorkload());
    const seenUp: string[] = [];
    await caller.onActorUp("acme+EchoService", (id) => void seenUp.push(actrIdToString(id)));
    const echoBefore = actrIdToString(echo.actorId());
    const callerBefore = actrIdToString(caller.actorId());
    expect(actrIdToString(await caller.discover("acme+EchoService"))).toBe(echoBefore);

    const { port } = signaling.server;
    await signaling.stop();
    signaling = new TestSignaling();
    await signaling.start(port);

    await waitFor(() => actrIdToString(echo.actorId()) !== echoBefore && actrIdToString(caller.actorId()) !== callerBefore, 20_000);
    const echoAfter = actrIdToString(echo.actorId());
    expect(echoLog.lines.some((line) => line.startsWith("warn") && line.includes(`${echoBefore} -> ${echoAfter}`))).toBe(true);

    const found: ActrId = await eventually(() => caller.discover("acme+EchoService"));
    expect(actrIdToString(found)).toBe(echoAfter);
    const client = new EchoServiceClient(caller, Dest.actor(found));
    expect((await client.echo({ message: "still here" })).reply).toBe("still here");

    // The caller's ActrUp subscription was renewed under its new id: a newcomer is announced to it.
    const newcomer = await start("acme+EchoService", new EchoServiceWorkload({ echo: async ({ message }) => ({ reply: message }) }));
    await waitFor(() => seenUp.includes(actrIdToString(newcomer.actorId())), 20_000);
  }, 60_000);
});
