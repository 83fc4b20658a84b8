import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeActrId, makeActrType } from "@actr/protocol";
import { ActrSystem, DecodeError, Dest, InMemoryHub, UnknownRouteError } from "@actr/runtime";
import type { Context } from "@actr/runtime";
import { Probe } from "../support/probe-workload.js";
import { memoryLogger, useTempDir } from "../support/temp-dir.js";

const tempDir = useTempDir();

async function system(name: string, hub?: InMemoryHub): Promise<ActrSystem> {
  return ActrSystem.fromConfig(
    { actrType: `acme+${name}`, mailboxPath: join(tempDir(), `${name}.db`), signaling: hub === undefined ? undefined : "ws://127.0.0.1:1/signaling/ws" },
    { network: hub?.starter() ?? false, logger: memoryLogger() },
  );
}

describe("a client-only actor", () => {
  it("attaches no workload at all: its own routes answer UnknownRouteError", async () => {
    const ref = await (await system("Bare")).attach().start();
    await expect(ref.call(Dest.local(), Probe.method.echo, { message: "x" })).rejects.toBeInstanceOf(UnknownRouteError);
    await ref.shutdown();
  });

  it("attaches just its lifecycle hooks", async () => {
    let started: Context | undefined;
    let stopped = false;
    const ref = await (await system("Hooks")).attach({ onStart: async (ctx) => void (started = ctx), onStop: async () => void (stopped = true) }).start();
    expect(started?.selfId).toEqual(ref.actorId());
    await ref.shutdown();
    expect(stopped).toBe(true);
  });
});

describe("Context.activeStreams", () => {
  it("lists the streams that have a callback", async () => {
    let ctx: Context | undefined;
    const ref = await (await system("Streams")).attach({ onStart: async (c) => void (ctx = c) }).start();
    await ctx!.registerStream("a", () => undefined);
    await ctx!.registerStream("b", () => undefined);
    expect(ctx!.activeStreams()).toEqual(["a", "b"]);
    await ctx!.unregisterStream("a");
    expect(ctx!.activeStreams()).toEqual(["b"]);
    await ref.shutdown();
  });
});

describe("a request that cannot be encoded", () => {
  const unencodable = { message: Symbol("not a string") as unknown as string };

  it("rejects a call with a DecodeError naming the route", async () => {
    const hub = new InMemoryHub();
    const ref = await (await system("Encoder", hub)).attach().start();
    const target = Dest.actor(makeActrId(0, 1n, makeActrType("acme", "Other")));
    const error = await ref.call(target, Probe.method.echo, unencodable).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).message).toContain("test.Probe.Echo");
    await ref.shutdown();
  });

  it("makes tell return a rejected promise, never throw", async () => {
    const hub = new InMemoryHub();
    const ref = await (await system("Teller", hub)).attach().start();
    const target = Dest.actor(makeActrId(0, 1n, makeActrType("acme", "Other")));
    let told: Promise<void> | undefined;
    expect(() => (told = ref.tell(target, Probe.method.echo, unencodable))).not.toThrow();
    await expect(told).rejects.toBeInstanceOf(DecodeError);
    await ref.shutdown();
  });
});
