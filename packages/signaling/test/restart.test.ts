import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { GetServiceSpecRequestSchema, UnregisterRequestSchema, actrIdToString, signalingWsUrl } from "@actr/protocol";
import type { SignalingServer, SignalingServerOptions } from "@actr/signaling";
import { discover, ids } from "./support/discover.js";
import { TestActor, register, startQuietServer, upgradeStatus } from "./support/test-actor.js";

describe("server restart", () => {
  const dir = mkdtempSync(join(tmpdir(), "actr-signaling-restart-"));
  const keyFile = join(dir, ".actr/signaling-key");
  const running: SignalingServer[] = [];
  const actors: TestActor[] = [];
  afterAll(async () => {
    await Promise.all(actors.map((actor) => actor.close()));
    await Promise.all(running.map((server) => server.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(options: SignalingServerOptions = { keyFile }): Promise<SignalingServer> {
    const server = await startQuietServer(options);
    running.push(server);
    return server;
  }

  async function restart(server: SignalingServer, options: SignalingServerOptions = { keyFile }): Promise<SignalingServer> {
    await server.close();
    return start({ ...options, port: server.port });
  }

  async function connect(server: SignalingServer, ok: Awaited<ReturnType<typeof register>>): Promise<TestActor> {
    const actor = await TestActor.connect(server, ok);
    actors.push(actor);
    return actor;
  }

  it("accepts old credentials on the same key file and makes the actor discoverable again", async () => {
    const first = await start();
    const serviceOk = await register(first, { name: "Durable" });
    const clientOk = await register(first, { name: "DurableClient" });
    const second = await restart(first);
    expect(second.publicKey).toEqual(first.publicKey);
    const service = await connect(second, serviceOk);
    const client = await connect(second, clientOk);
    expect(ids(await discover(client, { name: "Durable" }))).toEqual([actrIdToString(service.id)]);
  });

  it("keeps ACLs, ws_address and service specs across a restart", async () => {
    const first = await start();
    const denyRule = { permission: 0, fromType: { manufacturer: "acme", name: "Outsider", version: "" } };
    const allowRule = { permission: 1, fromType: { manufacturer: "acme", name: "Insider", version: "" } };
    const serviceSpec = { name: "kept-spec", fingerprint: "service_semantic:kept", protobufs: [{ package: "kept", content: "", fingerprint: "semantic:k" }] };
    const serviceOk = await register(first, {
      name: "Guarded",
      acl: { rules: [allowRule, denyRule] },
      serviceSpec,
      wsAddress: "ws://127.0.0.1:4567",
    });
    const insiderOk = await register(first, { name: "Insider" });
    const outsiderOk = await register(first, { name: "Outsider" });

    const second = await restart(first);
    const service = await connect(second, serviceOk);
    const insider = await connect(second, insiderOk);
    const outsider = await connect(second, outsiderOk);

    expect(ids(await discover(outsider, { name: "Guarded" }))).toEqual([]);
    const found = await discover(insider, { name: "Guarded" }, { fingerprint: "service_semantic:kept" });
    expect(ids(found)).toEqual([actrIdToString(service.id)]);
    expect(found.hasExactMatch).toBe(true);
    expect(found.wsAddressMap.map((entry) => [actrIdToString(entry.candidateId!), entry.wsAddress])).toEqual([
      [actrIdToString(service.id), "ws://127.0.0.1:4567"],
    ]);
    const reply = await insider.reply(
      insider.request({ case: "getServiceSpecRequest", value: create(GetServiceSpecRequestSchema, { name: "kept-spec" }) }),
    );
    const payload = reply.flow.case === "serverToActr" ? reply.flow.value.payload : undefined;
    const result = payload?.case === "getServiceSpecResponse" ? payload.value.result : undefined;
    expect(result?.case === "success" && result.value.fingerprint).toBe("service_semantic:kept");
  });

  it("does not bring back an actor that unregistered", async () => {
    const first = await start();
    const leaverOk = await register(first, { name: "Leaver" });
    const watcherOk = await register(first, { name: "LeaverWatcher" });
    const leaver = await TestActor.connect(first, leaverOk);
    leaver.request({ case: "unregisterRequest", value: create(UnregisterRequestSchema, { actrId: leaverOk.actrId, reason: "bye" }) });
    expect((await leaver.closed).reason).toBe("unregistered");
    const leaverUrl = (server: SignalingServer) => signalingWsUrl(server.wsUrl, leaverOk.actrId!, leaverOk.credential!);
    expect(await upgradeStatus(leaverUrl(first))).toBe(401);

    const second = await restart(first);
    expect(await upgradeStatus(leaverUrl(second))).toBe(401);
    const watcher = await connect(second, watcherOk);
    expect(ids(await discover(watcher, { name: "Leaver" }))).toEqual([]);
  });

  it("hides an actor it knows only from its credential until it registers again", async () => {
    const first = await start();
    const hiddenOk = await register(first, { name: "Amnesiac", acl: { rules: [] } });
    const callerOk = await register(first, { name: "AmnesiacCaller" });
    // The same key without the state file: the server can verify the actor but knows nothing else.
    await first.close();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(join(dir, `.actr/signaling-key.registry.sqlite${suffix}`), { force: true });
    const second = await start({ keyFile, port: first.port });
    await connect(second, hiddenOk);
    const caller = await connect(second, callerOk);
    expect(ids(await discover(caller, { name: "Amnesiac" }))).toEqual([]);
    const again = await connect(second, await register(second, { name: "Amnesiac" }));
    expect(ids(await discover(caller, { name: "Amnesiac" }))).toEqual([actrIdToString(again.id)]);
  });

  it("refuses to start on a damaged registry file, naming it and the fix", async () => {
    const damagedDir = mkdtempSync(join(tmpdir(), "actr-signaling-damaged-"));
    try {
      writeFileSync(join(damagedDir, "key.registry.sqlite"), "not a database, but long enough to be read as a header ".repeat(4));
      await expect(startQuietServer({ keyFile: join(damagedDir, "key.json") })).rejects.toThrow(
        /key\.registry\.sqlite: .*; fix or delete it/,
      );
    } finally {
      rmSync(damagedDir, { recursive: true, force: true });
    }
  });

  it("refuses old credentials when started with a different key", async () => {
    const first = await start();
    const ok = await register(first, { name: "Forgotten" });
    const fresh = await start({});
    expect(await upgradeStatus(signalingWsUrl(fresh.wsUrl, ok.actrId!, ok.credential!))).toBe(401);
  });
});
