import { describe, expect, it } from "vitest";
import { Dest } from "@actr/runtime";
import { EchoServiceClient } from "../../../../fixtures/echo/expected/echo/echo_service_actor.js";
import { testActors, type TestActor } from "./actor-fixture.js";
import { until } from "./connector-fixture.js";
import { runnableEngines } from "./test-engine.js";

const network = { healthCheckMs: 200, dialTimeoutMs: 5_000 };

describe.each(await runnableEngines())("wire pool with WebRTC and WebSocket ($name)", ({ name: engine }) => {
  const { start } = testActors();

  async function connectedPair(): Promise<{ caller: TestActor; callee: TestActor; echo: (message: string) => Promise<string> }> {
    const caller = await start("Caller", { engine, websocket: true, network });
    const callee = await start("Callee", { engine, websocket: true, network });
    const client = new EchoServiceClient(caller.ref, Dest.actor(callee.id));
    const echo = async (message: string) => (await client.echo({ message }, { timeoutMs: 5_000 })).reply;
    // The first call goes out on whichever wire is up first; WebRTC takes over once open.
    await echo("first");
    await until(() => caller.network.transport.wireTo(callee.id) === "webrtc");
    return { caller, callee, echo };
  }

  it("goes on over WebSocket when the WebRTC wire closes, then returns to WebRTC", async () => {
    const { caller, callee, echo } = await connectedPair();
    const before = callee.network.transport.delivered("websocket");
    expect(caller.network.transport.closeWires(callee.id, "webrtc")).toBe(1);
    expect(caller.network.transport.wireTo(callee.id)).toBe("websocket");
    // Replies follow the callee's own choice of wire: wait until it has seen the close too.
    await until(() => callee.network.transport.wireTo(caller.id) === "websocket");
    expect(await echo("during")).toBe("Callee: during");
    expect(callee.network.transport.delivered("websocket")).toBeGreaterThan(before);
    await until(() => caller.network.transport.wireTo(callee.id) === "webrtc");
    const overWebRtc = callee.network.transport.delivered("webrtc");
    expect(await echo("after")).toBe("Callee: after");
    expect(callee.network.transport.delivered("webrtc")).toBe(overWebRtc + 1);
  });

  it("goes on over WebRTC when the WebSocket wire is killed, and redials only the WebSocket", async () => {
    const { caller, callee, echo } = await connectedPair();
    await until(() => caller.network.transport.closeWires(callee.id, "websocket") > 0);
    const overWebRtc = callee.network.transport.delivered("webrtc");
    for (let i = 0; i < 5; i++) expect(await echo(`n${i}`)).toBe(`Callee: n${i}`);
    expect(callee.network.transport.delivered("webrtc")).toBe(overWebRtc + 5);
    expect(caller.network.transport.wireTo(callee.id)).toBe("webrtc");
    // The health check brings the WebSocket back while WebRTC serves.
    await until(() => caller.network.transport.closeWires(callee.id, "websocket") > 0);
  });
});
