import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ActrSystem, Dest, ErrorCode, InvalidArgumentError, TransportError } from "@actr/runtime";
import type { ActrRef } from "@actr/runtime";
import { EchoServiceClient, EchoServiceWorkload } from "../../../../fixtures/echo/expected/echo/echo_service_actor.js";
import { createNetworkStarter } from "../../src/network/start-network.js";
import { memoryLogger } from "../support/temp-dir.js";
import { TestSignaling } from "./network-fixture.js";

const MiB = 1024 * 1024;
/** Longer than any outcome the tests accept, so a call that waits for it shows up as slow. */
const CALL_TIMEOUT_MS = 5_000;

/**
 * Calls fail as soon as their fate is known, never at their timeout: a message larger than the
 * limit is refused before it is sent, and a wire that closes fails the calls it carried.
 */
describe("fail fast", () => {
  const signaling = new TestSignaling();
  const bobLog = memoryLogger();
  let alice: ActrRef;
  let bob: ActrRef;
  let releaseHeld: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (releaseHeld = resolve));

  async function startActor(name: string, maxPayloadBytes: number, logger = memoryLogger()): Promise<ActrRef> {
    const network = createNetworkStarter({ maxPayloadBytes, reconnect: { initialMs: 50, maxMs: 200 }, logger });
    const system = await ActrSystem.fromConfig(
      { actrType: `acme+${name}`, realmId: 1, signaling: signaling.server.wsUrl, websocketListenPort: 0, mailboxPath: ":memory:" },
      { network, logger },
    );
    const workload = new EchoServiceWorkload({
      async echo(request) {
        if (request.message === "hold") await held;
        return { reply: request.message.slice(0, 16) };
      },
    });
    return system.attach(workload).start();
  }

  beforeAll(async () => {
    await signaling.start();
    // Alice accepts (and so sends) messages up to 8 MiB; Bob only up to 1 MiB.
    alice = await startActor("Alice", 8 * MiB);
    bob = await startActor("Bob", 1 * MiB, bobLog);
  });

  afterAll(async () => {
    releaseHeld();
    await alice.shutdown();
    await bob.shutdown();
    await signaling.stop();
  });

  it("refuses a message larger than the limit at once, naming its size and the limit", async () => {
    const echo = new EchoServiceClient(alice, Dest.actor(bob.actorId()));
    expect((await echo.echo({ message: "warm-up" })).reply).toBe("warm-up");
    const started = performance.now();
    const outcome = await echo.echo({ message: "x".repeat(9 * MiB) }, { timeoutMs: CALL_TIMEOUT_MS }).catch((error: unknown) => error);
    const elapsed = performance.now() - started;
    console.log(`oversized call (9 MiB over an 8 MiB limit) failed after ${elapsed.toFixed(1)} ms`);
    expect(outcome).toBeInstanceOf(InvalidArgumentError);
    expect((outcome as InvalidArgumentError).message).toMatch(/9437\d{3} bytes.*8388608/);
    expect(elapsed).toBeLessThan(1_000);
    // The wire is still usable.
    expect((await echo.echo({ message: "after" })).reply).toBe("after");
  });

  it("fails every call waiting on a wire the moment it closes, with a retryable TransportError", async () => {
    const echo = new EchoServiceClient(alice, Dest.actor(bob.actorId()));
    expect((await echo.echo({ message: "warm-up" })).reply).toBe("warm-up");
    const waiting = Array.from({ length: 100 }, () => echo.echo({ message: "hold" }, { timeoutMs: CALL_TIMEOUT_MS }).catch((error: unknown) => error));
    // Within Alice's limit but over Bob's: Bob closes the socket (1009), under 100 waiting calls.
    const started = performance.now();
    const tooBig = echo.echo({ message: "x".repeat(2 * MiB) }, { timeoutMs: CALL_TIMEOUT_MS }).catch((error: unknown) => error);
    const outcomes = await Promise.all([...waiting, tooBig]);
    const elapsed = performance.now() - started;
    console.log(`a wire closed under ${outcomes.length} waiting calls failed them all within ${elapsed.toFixed(1)} ms`);
    for (const outcome of outcomes) {
      expect(outcome).toBeInstanceOf(TransportError);
      expect((outcome as TransportError).code).toBe(ErrorCode.Unavailable);
      expect((outcome as TransportError).retryable).toBe(true);
    }
    expect(elapsed).toBeLessThan(1_000);
    // The closing side says why.
    expect(bobLog.lines.some((line) => line.startsWith("warn") && line.includes("acme:Alice") && line.includes(`${MiB}-byte limit`))).toBe(true);
    // The next call dials a new wire.
    releaseHeld();
    expect((await echo.echo({ message: "again" })).reply).toBe("again");
  });
});
