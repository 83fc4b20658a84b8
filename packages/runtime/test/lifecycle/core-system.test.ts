import { makeActrType } from "@actr/protocol";
import { describe, expect, it } from "vitest";
import { ActrSystem, Dest, InMemoryHub, silentLogger } from "@actr/runtime/core";
import type { RuntimeConfig } from "@actr/runtime/core";
import { EchoServiceClient, EchoServiceWorkload } from "../../../../fixtures/echo/expected/echo/echo_service_actor.js";
import { MemoryMailbox } from "../support/memory-mailbox.js";

function config(name: string, signaling: boolean): RuntimeConfig {
  return {
    baseDir: "/",
    packageName: name,
    actrType: makeActrType("acme", name),
    exports: [],
    dependencies: [],
    signaling: signaling ? { url: "ws://in-memory/", aisUrl: "http://in-memory/ais" } : undefined,
    realmId: 1,
    mailboxPath: "memory",
    webrtc: { enabled: false, stunUrls: [], turnUrls: [], forceRelay: false, engine: "werift", hostAddress: undefined },
    websocketListenPort: undefined,
    websocketHost: "127.0.0.1",
    acl: undefined,
    lockPath: "Actr.lock.toml",
  };
}

describe("the runtime core, without Node parts", () => {
  it("runs actors on an in-memory mailbox and network: local and remote calls", async () => {
    const hub = new InMemoryHub();
    const serverBox = new MemoryMailbox();
    const server = await ActrSystem.create(config("EchoService", true), { mailbox: serverBox, network: hub.starter(), logger: silentLogger })
      .attach(new EchoServiceWorkload({ echo: async (req, ctx) => ({ reply: `${req.message} from ${ctx.callerId === undefined ? "local" : "remote"}` }) }))
      .start();
    const client = await ActrSystem.create(config("EchoClient", true), { mailbox: new MemoryMailbox(), network: hub.starter(), logger: silentLogger })
      .attach(new EchoServiceWorkload({ echo: async (req) => ({ reply: req.message }) }))
      .start();
    expect((await new EchoServiceClient(server).echo({ message: "hi" })).reply).toBe("hi from local");
    expect((await new EchoServiceClient(client, Dest.actor(server.actorId())).echo({ message: "hi" })).reply).toBe("hi from remote");
    await client.shutdown();
    await server.shutdown();
    expect(serverBox.size).toBe(0);
  });
});
