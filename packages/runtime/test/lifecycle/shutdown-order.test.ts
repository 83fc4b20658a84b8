import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ActrSystem, Dest, InMemoryHub } from "@actr/runtime";
import type { ActrRef } from "@actr/runtime";
import { Probe, ProbeWorkload } from "../support/probe-workload.js";
import { memoryLogger, useTempDir } from "../support/temp-dir.js";

const tempDir = useTempDir();
const SIGNALING = "ws://127.0.0.1:1/signaling/ws";

async function start(hub: InMemoryHub, actrType: string, workload: ProbeWorkload, mailboxPath: string): Promise<ActrRef> {
  const system = await ActrSystem.fromConfig({ actrType, mailboxPath, signaling: SIGNALING }, { network: hub.starter(), logger: memoryLogger() });
  return system.attach(workload).start();
}

describe("shutdown", () => {
  it("leaves remote messages not started in the mailbox; the next start handles them", async () => {
    const mailbox = join(tempDir(), "server.db");
    const hub = new InMemoryHub();
    const first = new ProbeWorkload();
    const server = await start(hub, "acme+Server", first, mailbox);
    const client = await start(hub, "acme+Client", new ProbeWorkload(), join(tempDir(), "client.db"));
    const hold = first.holdNextBlock();
    const running = client.call(Dest.actor(server.actorId()), Probe.method.block, { message: "running" });
    await hold.entered;
    await client.tell(Dest.actor(server.actorId()), Probe.method.record, { message: "waiting" });
    // The hub hands the tell over on its next turn.
    await new Promise((resolve) => setImmediate(resolve));
    const stopping = server.shutdown();
    hold.release();
    await expect(running).resolves.toMatchObject({ reply: "unblocked" });
    await stopping;
    expect(first.handled).toEqual(["block:running"]);

    const second = new ProbeWorkload();
    const again = await start(new InMemoryHub(), "acme+Server", second, mailbox);
    // Messages left by an earlier run come before anything sent now.
    await again.call(Dest.local(), Probe.method.echo, { message: "after" });
    await again.shutdown();
    expect(second.handled).toEqual(["record:waiting caller=remote", "echo:after"]);
    await client.shutdown();
  });
});
