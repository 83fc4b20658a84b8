import { describe, expect, it } from "vitest";
import { Dest } from "@actr/runtime";
import { EchoServiceClient } from "../../../../fixtures/echo/expected/echo/echo_service_actor.js";
import { testActors, type TestActor } from "./actor-fixture.js";
import { until } from "./connector-fixture.js";
import { runnableEngines } from "./test-engine.js";

describe.each(await runnableEngines())("two actors over WebRTC only ($name)", ({ name: engine }) => {
  const { start } = testActors();

  /** Two actors, ordered [offerer, answerer]: the larger serial offers. */
  async function pair(): Promise<[TestActor, TestActor]> {
    const a = await start("Alice", { engine });
    const b = await start("Bob", { engine });
    return a.id.serialNumber > b.id.serialNumber ? [a, b] : [b, a];
  }

  it.each(["offerer", "answerer"] as const)("carries RPC both ways and a data stream when the %s dials", async (dialer) => {
    const [offerer, answerer] = await pair();
    const [caller, callee] = dialer === "offerer" ? [offerer, answerer] : [answerer, offerer];
    const client = new EchoServiceClient(caller.ref, Dest.actor(callee.id));
    expect((await client.echo({ message: "hi" })).reply).toBe(`${callee.id.type?.name}: hi`);
    expect((await client.echo({ message: "call-back:there" })).reply).toBe(`heard back: ${caller.id.type?.name}: there`);
    for (let sequence = 1n; sequence <= 3n; sequence++) {
      await caller.ctx.sendDataStream(Dest.actor(callee.id), { streamId: "s", sequence, payload: new Uint8Array(100) });
    }
    await until(() => callee.chunks.length === 3);
    expect(callee.chunks).toEqual(["1:100", "2:100", "3:100"]);
    expect(caller.network.transport.wireTo(callee.id)).toBe("webrtc");
    expect(callee.network.transport.delivered("webrtc")).toBeGreaterThanOrEqual(5);
    expect(callee.network.transport.delivered("websocket")).toBe(0);
  });

  // werift's send window and UDP receive buffer decide whether a burst of small messages flows.
  if (engine === "werift") {
    it.each(["offerer", "answerer"] as const)("carries 2,000 chunks from a callee back to its caller when the %s dials", async (dialer) => {
      const [offerer, answerer] = await pair();
      const [caller, callee] = dialer === "offerer" ? [offerer, answerer] : [answerer, offerer];
      const client = new EchoServiceClient(caller.ref, Dest.actor(callee.id));
      expect((await client.echo({ message: "stream-back:2000" })).reply).toBe("sent 2000");
      await until(() => caller.chunks.length === 2000);
      expect(caller.chunks.at(-1)).toBe("2000:100");
      expect(caller.network.transport.delivered("websocket")).toBe(0);
    });
  }
});
