import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { actrIdToString, makeActrType, PingSchema, ServiceAvailabilityState } from "@actr/protocol";
import { ActrSystem, InMemoryHub, type ActrRef, type Context, type NetworkStarter } from "@actr/runtime";
import { EchoServiceWorkload } from "../../../../fixtures/echo/expected/echo/echo_service_actor.js";
import type { EchoServiceHandler } from "../../../../fixtures/echo/expected/echo/echo_service_actor.js";
import type { EchoRequest } from "../../../../fixtures/echo/expected/local/echo_pb.js";
import { createNetworkStarter, type ActorNetwork } from "../../src/network/start-network.js";
import { actorConfig, specFor, TestSignaling } from "./network-fixture.js";
import { waitFor } from "./peer-fixture.js";

/** Echoes, and from onStart watches for Clock actors coming online through its Context. */
class Watcher implements EchoServiceHandler {
  readonly seen: string[] = [];
  async echo(request: EchoRequest) {
    return { reply: request.message };
  }
  async onStart(ctx: Context): Promise<void> {
    await ctx.onActorUp("acme+Clock", (id) => void this.seen.push(actrIdToString(id)));
  }
}

describe("onActorUp", () => {
  const refs: ActrRef[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const ref of refs.splice(0).reverse()) await ref.shutdown();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function startActor(name: string, network: NetworkStarter, signaling: string, handler: EchoServiceHandler = new Watcher()): Promise<ActrRef> {
    const dir = mkdtempSync(join(tmpdir(), `actr-${name}-`));
    dirs.push(dir);
    const system = await ActrSystem.fromConfig({ actrType: `acme+${name}`, baseDir: dir, realmId: 1, signaling, mailboxPath: ":memory:" }, { network });
    const ref = await system.attach(new EchoServiceWorkload(handler)).start();
    refs.push(ref);
    return ref;
  }

  describe("with the signaling server", () => {
    const network = createNetworkStarter({ reconnect: { initialMs: 20, maxMs: 100 }, requestTimeoutMs: 5_000 });
    let signaling: TestSignaling;
    beforeEach(async () => {
      signaling = new TestSignaling();
      await signaling.start();
    });
    afterEach(() => signaling.stop());

    it("tells ctx and ref subscribers of every Clock that comes online, until unsubscribed", async () => {
      const watcher = new Watcher();
      const watching = await startActor("Watcher", network, signaling.server.wsUrl, watcher);
      const fromRef: string[] = [];
      const unsubscribe = await watching.onActorUp("acme+Clock", (id) => void fromRef.push(actrIdToString(id)));

      const first = await startActor("Clock", network, signaling.server.wsUrl);
      await waitFor(() => watcher.seen.length === 1 && fromRef.length === 1);
      expect(watcher.seen).toEqual([actrIdToString(first.actorId())]);
      expect(fromRef).toEqual(watcher.seen);
      await startActor("Other", network, signaling.server.wsUrl);

      // The ctx subscription stays, so the push still comes: only the ref's listener is gone.
      unsubscribe();
      const second = await startActor("Clock", network, signaling.server.wsUrl);
      await waitFor(() => watcher.seen.length === 2);
      expect(watcher.seen[1]).toBe(actrIdToString(second.actorId()));
      expect(fromRef).toEqual([actrIdToString(first.actorId())]);
    });

    it("renews its subscriptions when signaling comes back after a restart", async () => {
      const watcher = await network(actorConfig(signaling.server, "Watcher", { listen: false }), specFor("Watcher"));
      const clocks: ActorNetwork[] = [];
      try {
        const seen: string[] = [];
        await watcher.onActorUp?.(makeActrType("acme", "Clock"), (id) => void seen.push(actrIdToString(id)));
        let reconnects = 0;
        watcher.signaling.onConnected(() => reconnects++);
        await signaling.restart();
        await waitFor(() => reconnects === 1);
        // Frames are handled in order: once this Pong is back, so is the renewed subscription.
        await watcher.signaling.request({ case: "ping", value: create(PingSchema, { availability: ServiceAvailabilityState.FULL, powerReserve: 1, mailboxBacklog: 0 }) });
        clocks.push(await network(actorConfig(signaling.server, "Clock", { listen: false }), specFor("Clock")));
        await waitFor(() => seen.length === 1);
        expect(seen).toEqual([actrIdToString(clocks[0]!.actorId)]);
      } finally {
        for (const clock of clocks) await clock.close();
        await watcher.close();
      }
    });
  });

  it("works the same on the in-memory hub", async () => {
    const hub = new InMemoryHub();
    const watcher = new Watcher();
    const watching = await startActor("Watcher", hub.starter(), "ws://127.0.0.1:1/unused", watcher);
    const fromRef: string[] = [];
    const unsubscribe = await watching.onActorUp("acme+Clock", (id) => void fromRef.push(actrIdToString(id)));
    const clock = await startActor("Clock", hub.starter(), "ws://127.0.0.1:1/unused");
    await waitFor(() => watcher.seen.length === 1 && fromRef.length === 1);
    expect(fromRef).toEqual([actrIdToString(clock.actorId())]);
    unsubscribe();
    await startActor("Clock", hub.starter(), "ws://127.0.0.1:1/unused");
    await waitFor(() => watcher.seen.length === 2);
    expect(fromRef).toHaveLength(1);
  });
});
