import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actrIdToString } from "@actr/protocol";
import type { SignalingServer } from "@actr/signaling";
import { discover, ids } from "./support/discover.js";
import { TestActor, register, startQuietServer } from "./support/test-actor.js";

describe("keepalive", () => {
  let server: SignalingServer;
  // A ping every 50 ms, dropped after two unanswered: a frozen actor is gone within a fraction of a second.
  beforeAll(async () => {
    server = await startQuietServer({ keepaliveIntervalMs: 50, keepaliveMissedPings: 2 });
  });
  afterAll(() => server.close());

  it("drops the socket of an actor that stopped answering pings, and discovery no longer lists it", async () => {
    const watcher = await TestActor.connect(server, await register(server, { name: "Watcher" }));
    // A process frozen right after connecting: its socket is open but answers nothing.
    const frozen = await TestActor.connect(server, await register(server, { name: "Frozen" }), "", { autoPong: false });
    const pings: number[] = [];
    frozen.socket.on("ping", () => pings.push(Date.now()));
    expect(ids(await discover(watcher, { name: "Frozen" }))).toEqual([actrIdToString(frozen.id)]);

    const { code } = await frozen.closed;
    // Terminated without a close handshake the actor could not answer.
    expect(code).toBe(1006);
    expect(pings.length).toBeGreaterThanOrEqual(1);
    expect(ids(await discover(watcher, { name: "Frozen" }))).toEqual([]);
    await watcher.close();
  });

  it("keeps the socket of a quiet actor that answers the pings", async () => {
    const quiet = await TestActor.connect(server, await register(server, { name: "Quiet" }));
    let seen = 0;
    // Three times as long as a silent actor is given.
    await new Promise<void>((resolve) => quiet.socket.on("ping", () => ++seen === 6 && resolve()));
    expect(quiet.socket.readyState).toBe(quiet.socket.OPEN);
    quiet.socket.close();
    await once(quiet.socket, "close");
  });
});
