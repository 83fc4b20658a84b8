import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import {
  ActrTypeSchema,
  SubscribeActrUpRequestSchema,
  actrIdEquals,
  actrIdToString,
  type ActrId,
  type SignalingEnvelope,
} from "@actr/protocol";
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

  it("drops a silent actor from discovery but keeps its socket, and lists and announces it again after its next Ping", async () => {
    const caller = await TestActor.connect(server, await register(server, { name: "Watcher" }));
    const beat = create(ActrTypeSchema, { manufacturer: "acme", name: "Beat", version: "" });
    await caller.reply(caller.request({ case: "subscribeActrUpRequest", value: create(SubscribeActrUpRequestSchema, { targetType: beat }) }));
    const upEvent = (id: ActrId) => (envelope: SignalingEnvelope) =>
      envelope.flow.case === "serverToActr" &&
      envelope.flow.value.payload.case === "actrUpEvent" &&
      actrIdEquals(envelope.flow.value.payload.value.actorId!, id);
    const silent = await TestActor.connect(server, await register(server, { name: "Beat" }));
    const alive = await TestActor.connect(server, await register(server, { name: "Beat" }));
    const pinging = setInterval(() => {
      alive.request(ping());
      caller.request(ping());
    }, 100);
    try {
      expect(ids(await discover(caller, { name: "Beat" }))).toHaveLength(2);
      await caller.next(upEvent(silent.id));
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
      await caller.next(upEvent(silent.id));
      expect(ids(await discover(caller, { name: "Beat" })).sort()).toEqual([actrIdToString(alive.id), actrIdToString(silent.id)].sort());
    } finally {
      clearInterval(pinging);
      await Promise.all([alive.close(), caller.close(), silent.close()]);
    }
  }, 20_000);
});
