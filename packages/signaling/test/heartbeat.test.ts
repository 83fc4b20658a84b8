import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actrIdToString } from "@actr/protocol";
import { CLOSE_HEARTBEAT_TIMEOUT, type SignalingServer } from "@actr/signaling";
import { discover, ids } from "./support/discover.js";
import { ping } from "./support/ping.js";
import { TestActor, register, startQuietServer } from "./support/test-actor.js";

describe("heartbeat", () => {
  let server: SignalingServer;
  // Pings every 100 ms against a 3 s timeout: a loaded machine may delay many Pings and still pass.
  beforeAll(async () => {
    server = await startQuietServer({ heartbeatTimeoutMs: 3000 });
  });
  afterAll(() => server.close());

  it("drops a silent actor from discovery while a pinging one stays", async () => {
    const caller = await TestActor.connect(server, await register(server, { name: "Watcher" }));
    const silent = await TestActor.connect(server, await register(server, { name: "Beat" }));
    const alive = await TestActor.connect(server, await register(server, { name: "Beat" }));
    const pinging = setInterval(() => {
      alive.request(ping());
      caller.request(ping());
    }, 100);
    try {
      expect(ids(await discover(caller, { name: "Beat" }))).toHaveLength(2);
      expect((await silent.closed).code).toBe(CLOSE_HEARTBEAT_TIMEOUT);
      expect(ids(await discover(caller, { name: "Beat" }))).toEqual([actrIdToString(alive.id)]);
      expect(alive.socket.readyState).toBe(alive.socket.OPEN);
    } finally {
      clearInterval(pinging);
      await alive.close();
      await caller.close();
    }
  }, 15_000);
});
