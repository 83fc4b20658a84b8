import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { create, toBinary } from "@bufbuild/protobuf";
import { Direction, RpcEnvelopeSchema, actrIdEquals } from "@actr/protocol";
import { describe, expect, it } from "vitest";
import { ActrSystem, DependencyNotFoundError, Dest, InMemoryHub, PayloadType, PermissionDeniedError } from "@actr/runtime";
import { formatLockFile } from "@actr/runtime/internal";
import type { ActrRef, Context, Workload } from "@actr/runtime";
import { EchoServiceClient, EchoServiceWorkload } from "../../../../fixtures/echo/expected/echo/echo_service_actor.js";
import { Probe, ProbeWorkload } from "../support/probe-workload.js";
import { memoryLogger, useTempDir } from "../support/temp-dir.js";

const tempDir = useTempDir();
const SIGNALING = "ws://127.0.0.1:1/signaling/ws";

async function startOnHub(hub: InMemoryHub, actrType: string, workload: Workload, logger = memoryLogger()): Promise<ActrRef> {
  const dir = tempDir();
  const system = await ActrSystem.fromConfig(
    { actrType, baseDir: dir, mailboxPath: "mailbox.db", signaling: SIGNALING },
    { network: hub.starter(), logger },
  );
  return system.attach(workload).start();
}

describe("Dest.actor over an in-memory PeerTransport hub", () => {
  it("calls a remote workload with a generated client; the handler sees the caller id", async () => {
    const hub = new InMemoryHub();
    let seenCaller: Context["callerId"];
    const server = await startOnHub(hub, "acme+EchoService", new EchoServiceWorkload({
      echo: async (req, ctx) => {
        seenCaller = ctx.callerId;
        return { reply: `remote:${req.message}` };
      },
    }));
    const client = await startOnHub(hub, "acme+EchoClient", new ProbeWorkload());
    const echo = new EchoServiceClient(client, Dest.actor(server.actorId()));
    expect((await echo.echo({ message: "over the hub" }, { timeoutMs: 2000 })).reply).toBe("remote:over the hub");
    expect(seenCaller !== undefined && actrIdEquals(seenCaller, client.actorId())).toBe(true);
    await client.shutdown();
    await server.shutdown();
  });

  it("carries a remote handler's error back as the same class and code", async () => {
    const hub = new InMemoryHub();
    const server = await startOnHub(hub, "acme+Probe", new ProbeWorkload());
    const client = await startOnHub(hub, "acme+EchoClient", new ProbeWorkload());
    const error = await client.call(Dest.actor(server.actorId()), Probe.method.fail, { message: "denied" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error).toMatchObject({ code: 10004, message: "caller may not do this" });
    await client.shutdown();
    await server.shutdown();
  });

  it("discovers a dependency with the lock-file fingerprint, and refuses undeclared ones", async () => {
    const hub = new InMemoryHub();
    const server = await startOnHub(hub, "acme+EchoService", new EchoServiceWorkload({ echo: async (req) => ({ reply: req.message }) }));
    const dir = tempDir();
    const fingerprint = `service_semantic:${"a".repeat(64)}`;
    writeFileSync(join(dir, "Actr.lock.toml"), formatLockFile({ version: 1, generatedAt: "now", dependencies: [{ name: "echo", actrType: "acme+EchoService", fingerprint, files: [] }] }));
    const asked: string[] = [];
    const starter = hub.starter();
    const system = await ActrSystem.fromConfig(
      { actrType: "acme+EchoClient", baseDir: dir, signaling: SIGNALING },
      {
        network: async (config, spec) => {
          const session = await starter(config, spec);
          return { ...session, discover: (type, fp) => (asked.push(fp), session.discover(type, fp)) };
        },
      },
    );
    let ctx: Context | undefined;
    const client = await system.attach({ routeKeys: [], dispatch: async () => new Uint8Array(), onStart: async (c) => void (ctx = c) }).start();
    const found = await ctx!.discover("acme+EchoService");
    expect(actrIdEquals(found, server.actorId())).toBe(true);
    expect(asked).toEqual([fingerprint]);
    await expect(ctx!.discover("acme+Other")).rejects.toBeInstanceOf(DependencyNotFoundError);
    await client.shutdown();
    await server.shutdown();
  });

  it("orders remote and inproc messages as one State Path: RPC_SIGNAL first, then by arrival", async () => {
    const hub = new InMemoryHub();
    const workload = new ProbeWorkload();
    const server = await startOnHub(hub, "acme+Probe", workload);
    const client = await startOnHub(hub, "acme+EchoClient", new ProbeWorkload());
    const remote = Dest.actor(server.actorId());
    // The hub delivers on the next check phase, in send order; one more immediate runs after it.
    const delivered = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    const hold = workload.holdNextBlock();
    const blocked = server.call(Dest.local(), Probe.method.block, { message: "first" });
    await hold.entered;
    const calls = [
      client.call(remote, Probe.method.echo, { message: "remote-r1" }),
      client.call(remote, Probe.method.signal, { message: "remote-s1" }),
    ];
    await delivered();
    calls.push(server.call(Dest.local(), Probe.method.echo, { message: "local-r2" }), server.call(Dest.local(), Probe.method.signal, { message: "local-s2" }));
    calls.push(client.call(remote, Probe.method.echo, { message: "remote-r3" }));
    await delivered();
    hold.release();
    await Promise.all([blocked, ...calls]);
    expect(workload.handled).toEqual(["block:first", "signal:remote-s1", "signal:local-s2", "echo:remote-r1", "echo:local-r2", "echo:remote-r3"]);
    await client.shutdown();
    await server.shutdown();
  });

  it("dead-letters bytes that are no envelope and drops an unmatched response, and keeps serving", async () => {
    const hub = new InMemoryHub();
    const logger = memoryLogger();
    const server = await startOnHub(hub, "acme+Probe", new ProbeWorkload(), logger);
    const peer = await hub.starter()(
      (await ActrSystem.fromConfig({ actrType: "acme+Raw", mailboxPath: ":memory:" })).config,
      undefined,
    );
    peer.transport.setSink(() => undefined);
    await peer.transport.send(server.actorId(), PayloadType.RPC_RELIABLE, new Uint8Array([0xff, 0xff, 0xff]));
    const stray = create(RpcEnvelopeSchema, { direction: Direction.RESPONSE, requestId: "nobody", routeKey: "x.Y.Z", payload: new Uint8Array(), timeoutMs: 0n });
    await peer.transport.send(server.actorId(), PayloadType.RPC_SIGNAL, toBinary(RpcEnvelopeSchema, stray));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(logger.lines.some((l) => l.startsWith("warn Dead-lettered"))).toBe(true);
    expect(logger.lines.some((l) => l.includes("no call waits for request nobody"))).toBe(true);
    expect((await server.call(Dest.local(), Probe.method.echo, { message: "alive" })).reply).toBe("echo:alive");
    await peer.close();
    await server.shutdown();
  });
});
