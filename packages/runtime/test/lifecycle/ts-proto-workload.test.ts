import { describe, expect, it } from "vitest";
import { ActrSystem, Dest, InMemoryHub, PayloadType } from "@actr/runtime";
import type { ActrRef, Workload } from "@actr/runtime";
import { Greeter, GreeterClient, GreeterWorkload } from "../../../../fixtures/ts-proto/expected/greeter/v1/greeter_actor.js";
import type { GreeterHandler } from "../../../../fixtures/ts-proto/expected/greeter/v1/greeter_actor.js";
import { memoryLogger, useTempDir } from "../support/temp-dir.js";

const tempDir = useTempDir();

class Greetings implements GreeterHandler {
  readonly visits: string[] = [];

  async sayHello(request: { name: string; visits: number }) {
    return { greeting: `hello ${request.name} (${request.visits})` };
  }

  async visit(request: { name: string }) {
    this.visits.push(request.name);
    return {};
  }
}

async function start(workload: Workload, hub?: InMemoryHub): Promise<ActrRef> {
  const network = hub === undefined ? {} : { network: hub.starter() };
  const config = { actrType: "acme+Greeter", baseDir: tempDir(), mailboxPath: "m.db", ...(hub === undefined ? {} : { signaling: "ws://127.0.0.1:1/x" }) };
  return (await ActrSystem.fromConfig(config, { ...network, logger: memoryLogger() })).attach(workload).start();
}

describe("a workload of ts-proto messages (the tsProtoMethod adapter)", () => {
  it("takes its lane from the adapter and serves local calls and tells", async () => {
    expect(Greeter.method.visit.payloadType).toBe(PayloadType.RPC_SIGNAL);
    const greetings = new Greetings();
    const ref = await start(new GreeterWorkload(greetings));
    const client = new GreeterClient(ref);
    expect(await client.sayHello({ name: "ann", visits: 2 })).toEqual({ greeting: "hello ann (2)" });
    await client.tellVisit({ name: "bob" });
    await client.sayHello({ name: "after" });
    expect(greetings.visits).toEqual(["bob"]);
    await ref.shutdown();
  });

  it("serves remote calls through bytes", async () => {
    const hub = new InMemoryHub();
    const server = await start(new GreeterWorkload(new Greetings()), hub);
    const caller = await start(new GreeterWorkload(new Greetings()), hub);
    const remote = new GreeterClient(caller, Dest.actor(server.actorId()));
    expect(await remote.sayHello({ name: "far", visits: 7 }, { timeoutMs: 2000 })).toEqual({ greeting: "hello far (7)" });
    await caller.shutdown();
    await server.shutdown();
  });
});
