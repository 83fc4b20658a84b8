import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actrIdToString } from "@actr/protocol";
import type { SignalingServer } from "@actr/signaling";
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

  it("drops a silent actor from discovery but keeps its socket, and lists it again after its next Ping", async () => {
    const caller = await TestActor.connect(server, await register(server, { name: "Watcher" }));
    const silent = await TestActor.connect(server, await register(server, { name: "Beat" }));
    const alive = await TestActor.connect(server, await register(server, { name: "Beat" }));
    const pinging = setInterval(() => {
      alive.request(ping());
      caller.request(ping());
    }, 100);
    try {
      expect(ids(await discover(caller, { name: "Beat" }))).toHaveLength(2);
      // Bounded wait for the timeout to take effect: discovery is polled, 100 ms apart, for at most 10 s.
      const deadline = Date.now() + 10_000;
      let found = ids(await discover(caller, { name: "Beat" }));
      while (found.length !== 1 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        found = ids(await discover(caller, { name: "Beat" }));
      }
      expect(found).toEqual([actrIdToString(alive.id)]);
      expect(silent.socket.readyState).toBe(silent.socket.OPEN);
      expect((await silent.reply(silent.request(ping()))).flow.case).toBe("serverToActr");
      expect(ids(await discover(caller, { name: "Beat" })).sort()).toEqual([actrIdToString(alive.id), actrIdToString(silent.id)].sort());
    } finally {
      clearInterval(pinging);
      await Promise.all([alive.close(), caller.close(), silent.close()]);
    }
  }, 20_000);
});
