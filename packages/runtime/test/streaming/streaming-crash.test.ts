// A peer that dies mid-stream (SIGKILL, over the real peer WebSocket or WebRTC) ends the stream on the other
// side with a retryable error, never a hang. WebRTC learns of a dead peer only when its connection
// times out (about 30 s), so its cases take that long.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseActrId, actrIdToString } from "@actr/protocol";
import { ActrSystem, Dest, ErrorCode, NoServiceWorkload, TransportError } from "@actr/runtime";
import type { ActrRef } from "@actr/runtime";
import { TickerClient, TickerWorkload } from "../../../../fixtures/streaming/expected/ticker/ticker_actor.js";
import { startNode, TS_NODE_ARGS, type Running } from "../../../../scripts/lib/child-process.js";
import { createNetworkStarter } from "../../src/network/start-network.js";
import { TestSignaling } from "../network/network-fixture.js";
import { TickerProbe } from "../support/ticker-handler.js";
import { wireConfig } from "../support/ticker-wires.js";
import { memoryLogger } from "../support/temp-dir.js";

const CHILD = join(import.meta.dirname, "../support/ticker-child.ts");
const network = createNetworkStarter({ reconnect: { initialMs: 50, maxMs: 200 }, requestTimeoutMs: 5_000 });

describe.each(["websocket", "webrtc"])("a peer crashing mid-stream over %s", (wire) => {
  const signaling = new TestSignaling();
  const refs: ActrRef[] = [];
  const children: Running[] = [];

  async function start(actrType: string, workload: TickerWorkload | NoServiceWorkload): Promise<ActrRef> {
    const system = await ActrSystem.fromConfig(
      { actrType, realmId: 1, signaling: signaling.server.wsUrl, mailboxPath: ":memory:", ...wireConfig(wire) },
      { network, logger: memoryLogger() },
    );
    const ref = await system.attach(workload).start();
    refs.push(ref);
    return ref;
  }

  function child(...args: string[]): Running {
    const [mode = "", ...rest] = args;
    const running = startNode([...TS_NODE_ARGS, CHILD, mode, wire, ...rest], { cwd: import.meta.dirname });
    children.push(running);
    return running;
  }

  beforeAll(async () => {
    await signaling.start();
  });

  afterAll(async () => {
    for (const running of children) running.child.kill("SIGKILL");
    await Promise.all(refs.map((ref) => ref.shutdown()));
    await signaling.stop();
  });

  it("the caller's stream fails with a retryable TransportError when the server dies", async () => {
    const server = child("serve", signaling.server.wsUrl);
    const serverId = parseActrId(((await server.waitForLine(/^READY /)).split(" ")[1]) as string);
    const caller = await start("acme+TickerCaller", new NoServiceWorkload());
    const client = new TickerClient(caller, Dest.actor(serverId));
    let read = 0;
    const outcome = await (async () => {
      for await (const _ of client.ticks({ start: 0n, count: 0 }, { timeoutMs: 60_000 })) {
        if (++read === 5) server.child.kill("SIGKILL");
      }
    })().catch((error: unknown) => error);
    expect(read).toBeGreaterThanOrEqual(5);
    expect(outcome).toBeInstanceOf(TransportError);
    expect((outcome as TransportError).code).toBe(ErrorCode.Unavailable);
    expect((outcome as TransportError).retryable).toBe(true);
  }, 120_000);

  it("the server's ctx.signal fires when the caller dies", async () => {
    const probe = new TickerProbe();
    const server = await start("acme+Ticker", new TickerWorkload(probe));
    const caller = child("call", signaling.server.wsUrl, actrIdToString(server.actorId()));
    await caller.waitForLine(/^TICK 3$/);
    caller.child.kill("SIGKILL");
    expect(await probe.aborted.promise).toBeInstanceOf(TransportError);
  }, 120_000);
});
