// A peer process frozen by SIGSTOP keeps its sockets open: only the keepalive pings find it out, and
// the calls waiting on it then fail with the retryable TransportError long before their timeout.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseActrId } from "@actr/protocol";
import { ActrSystem, Dest, ErrorCode, NoServiceWorkload, TransportError } from "@actr/runtime";
import type { ActrRef } from "@actr/runtime";
import { EchoServiceClient } from "../../../../fixtures/echo/expected/echo/echo_service_actor.js";
import { startNode, TS_NODE_ARGS, type Running } from "../../../../scripts/lib/child-process.js";
import { createNetworkStarter } from "../../src/network/start-network.js";
import { memoryLogger } from "../support/temp-dir.js";
import { TestSignaling } from "./network-fixture.js";

const CHILD = join(import.meta.dirname, "../support/echo-child.ts");
/** The calls would wait this long without the keepalive. */
const CALL_TIMEOUT_MS = 60_000;

describe("a peer frozen by SIGSTOP", () => {
  const signaling = new TestSignaling();
  const log = memoryLogger();
  let caller: ActrRef;
  let frozen: Running;

  beforeAll(async () => {
    await signaling.start();
    frozen = startNode([...TS_NODE_ARGS, CHILD, signaling.server.wsUrl], { cwd: import.meta.dirname });
    const network = createNetworkStarter({ keepalive: { intervalMs: 100, missedPings: 2 }, dialTimeoutMs: 1_000, logger: log });
    const system = await ActrSystem.fromConfig(
      { actrType: "acme+Caller", realmId: 1, signaling: signaling.server.wsUrl, mailboxPath: ":memory:", websocketListenPort: 0, webrtc: { enabled: false } },
      { network, logger: log },
    );
    caller = await system.attach(new NoServiceWorkload()).start();
  }, 60_000);

  afterAll(async () => {
    frozen.child.kill("SIGKILL");
    await frozen.exited;
    await caller.shutdown();
    await signaling.stop();
  });

  it("fails the calls waiting on it with a retryable TransportError, well before their timeout", async () => {
    const peer = parseActrId((await frozen.waitForLine(/^READY /)).split(" ")[1] as string);
    const echo = new EchoServiceClient(caller, Dest.actor(peer));
    expect((await echo.echo({ message: "warm-up" })).reply).toBe("warm-up");
    const waiting = Array.from({ length: 10 }, () => echo.echo({ message: "hold" }, { timeoutMs: CALL_TIMEOUT_MS }).catch((error: unknown) => error));
    const started = performance.now();
    expect(frozen.child.kill("SIGSTOP")).toBe(true);
    const outcomes = await Promise.all(waiting);
    const elapsed = performance.now() - started;
    console.log(`calls on a wire to a frozen peer failed after ${elapsed.toFixed(0)} ms (keepalive 100 ms, 2 missed pings)`);
    for (const outcome of outcomes) {
      expect(outcome).toBeInstanceOf(TransportError);
      expect((outcome as TransportError).code).toBe(ErrorCode.Unavailable);
      expect((outcome as TransportError).retryable).toBe(true);
      expect((outcome as TransportError).message).toContain("keepalive");
    }
    expect(elapsed).toBeLessThan(CALL_TIMEOUT_MS / 2);
  }, CALL_TIMEOUT_MS);
});
