import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ActrSystem, Dest, InMemoryHub, InvalidArgumentError, PayloadType } from "@actr/runtime";
import type { Context } from "@actr/runtime";
import type { DataStream } from "@actr/protocol";
import { actrIdEquals } from "@actr/protocol";
import { memoryLogger, useTempDir } from "../support/temp-dir.js";

const tempDir = useTempDir();

/** A workload that only hands out its lifecycle Context. */
async function startBare(hub: InMemoryHub, actrType: string, logger = memoryLogger()): Promise<{ ctx: Context; shutdown: () => Promise<void> }> {
  let ctx: Context | undefined;
  const system = await ActrSystem.fromConfig(
    { actrType, mailboxPath: join(tempDir(), "m.db"), signaling: "ws://127.0.0.1:1/signaling/ws" },
    { network: hub.starter(), logger },
  );
  const ref = await system.attach({ routeKeys: [], dispatch: async () => new Uint8Array(), onStart: async (c) => void (ctx = c) }).start();
  return { ctx: ctx!, shutdown: () => ref.shutdown() };
}

describe("data streams (Fast Path)", () => {
  it("registers, receives from a remote actor with its id, and unregisters", async () => {
    const hub = new InMemoryHub();
    const logger = memoryLogger();
    const receiver = await startBare(hub, "acme+Receiver", logger);
    const sender = await startBare(hub, "acme+Sender");
    const got: string[] = [];
    let allArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (allArrived = resolve));
    await receiver.ctx.registerStream("s1", (chunk: DataStream, from) => {
      got.push(`${chunk.sequence}:${new TextDecoder().decode(chunk.payload)}:${actrIdEquals(from, sender.ctx.selfId)}`);
      if (got.length === 2) allArrived();
    });
    const to = Dest.actor(receiver.ctx.selfId);
    await sender.ctx.sendDataStream(to, { streamId: "s1", sequence: 1n, payload: new TextEncoder().encode("a") });
    await sender.ctx.sendDataStream(to, { streamId: "s1", sequence: 2n, payload: new TextEncoder().encode("b") }, { payloadType: PayloadType.STREAM_LATENCY_FIRST });
    await arrived;
    expect(got).toEqual(["1:a:true", "2:b:true"]);

    await receiver.ctx.unregisterStream("s1");
    await sender.ctx.sendDataStream(to, { streamId: "s1", sequence: 3n, payload: new Uint8Array() });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(got).toHaveLength(2);
    expect(logger.lines.some((l) => l.includes('Dropped chunk 3 of stream "s1"'))).toBe(true);
    await sender.shutdown();
    await receiver.shutdown();
  });

  it("delivers Dest.local() chunks to this actor's callback and refuses non-stream lanes", async () => {
    const hub = new InMemoryHub();
    const actor = await startBare(hub, "acme+Self");
    const got: bigint[] = [];
    await actor.ctx.registerStream("me", (chunk) => void got.push(chunk.sequence));
    await expect(actor.ctx.registerStream("me", () => undefined)).rejects.toBeInstanceOf(InvalidArgumentError);
    await actor.ctx.sendDataStream(Dest.local(), { streamId: "me", sequence: 5n, payload: new Uint8Array() });
    expect(got).toEqual([5n]);
    await expect(
      actor.ctx.sendDataStream(Dest.local(), { streamId: "me", sequence: 6n, payload: new Uint8Array() }, { payloadType: PayloadType.RPC_RELIABLE }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    await actor.shutdown();
  });
});
