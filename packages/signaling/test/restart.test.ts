import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { actrIdToString } from "@actr/protocol";
import type { SignalingServer } from "@actr/signaling";
import { discover, ids } from "./support/discover.js";
import { TestActor, register, startQuietServer, upgradeStatus } from "./support/test-actor.js";
import { signalingWsUrl } from "@actr/protocol";

describe("server restart", () => {
  const dir = mkdtempSync(join(tmpdir(), "actr-signaling-restart-"));
  const keyFile = join(dir, ".actr/signaling-key");
  const running: SignalingServer[] = [];
  afterAll(async () => {
    await Promise.all(running.map((server) => server.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("accepts old credentials on the same key file and makes the actor discoverable again", async () => {
    const first = await startQuietServer({ keyFile });
    running.push(first);
    const serviceOk = await register(first, { name: "Durable" });
    const clientOk = await register(first, { name: "DurableClient" });
    const port = first.port;
    await first.close();

    const second = await startQuietServer({ keyFile, port });
    running.push(second);
    expect(second.publicKey).toEqual(first.publicKey);
    const service = await TestActor.connect(second, serviceOk);
    const client = await TestActor.connect(second, clientOk);
    expect(ids(await discover(client, { name: "Durable" }))).toEqual([actrIdToString(service.id)]);
    await service.close();
    await client.close();
  });

  it("refuses old credentials when started with a different key", async () => {
    const first = await startQuietServer({ keyFile });
    running.push(first);
    const ok = await register(first, { name: "Forgotten" });
    const fresh = await startQuietServer();
    running.push(fresh);
    expect(await upgradeStatus(signalingWsUrl(fresh.wsUrl, ok.actrId!, ok.credential!))).toBe(401);
  });
});
