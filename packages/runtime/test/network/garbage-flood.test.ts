import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { makeActrType } from "@actr/protocol";
import { ActrSystem, NoServiceWorkload, PayloadType } from "@actr/runtime";
import { withDeadLetters } from "@actr/runtime/internal";
import type { ActrRef } from "@actr/runtime";
import { createNetworkStarter, type ActorNetwork } from "../../src/network/start-network.js";
import { encodeFrame } from "../../src/wire/websocket/frame.js";
import { memoryLogger, useTempDir } from "../support/temp-dir.js";
import { actorConfig, specFor, TestSignaling } from "./network-fixture.js";

const MiB = 1024 * 1024;
const tempDir = useTempDir();
const network = createNetworkStarter({ reconnect: { initialMs: 50, maxMs: 200 }, requestTimeoutMs: 5_000, logger: memoryLogger() });

function bytesOnDisk(path: string): number {
  return [path, `${path}-wal`].reduce((sum, file) => sum + (existsSync(file) ? statSync(file).size : 0), 0);
}

describe("a peer flooding an actor with large garbage frames", () => {
  const signaling = new TestSignaling();
  let target: ActrRef;
  let sender: ActorNetwork;

  beforeAll(() => signaling.start());
  afterAll(async () => {
    await target?.shutdown();
    await sender?.close();
    await signaling.stop();
  });

  it("dead-letters them without growing the mailbox by their size", async () => {
    const mailboxPath = join(tempDir(), "mailbox.db");
    const system = await ActrSystem.fromConfig(
      { actrType: "acme+Target", realmId: 1, signaling: signaling.server.wsUrl, websocketListenPort: 0, mailboxPath },
      { network, logger: memoryLogger() },
    );
    target = await system.attach(new NoServiceWorkload()).start();
    sender = await network(actorConfig(signaling.server, "Flooder"), specFor("Flooder"));
    const found = await sender.signaling.routeCandidates(makeActrType("acme", "Target", ""), "");
    const url = found.wsAddressMap.find((entry) => entry.wsAddress !== "")!.wsAddress;
    const socket = new WebSocket(url, { headers: sender.identity.peerHeaders() });
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));

    const before = bytesOnDisk(mailboxPath);
    const frames = 5;
    // Valid frames whose data is no RpcEnvelope: each one is dead-lettered.
    const junk = new Uint8Array(16 * MiB).fill(0xff);
    for (let i = 0; i < frames; i++) socket.send(encodeFrame(PayloadType.RPC_RELIABLE, junk));
    // Read the way `actr mailbox dead-letters` does, beside the running actor.
    const deadLetters = (): number => withDeadLetters(mailboxPath, (table) => table.list().length);
    for (let i = 0; i < 400 && deadLetters() < frames; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    socket.close();
    const grown = bytesOnDisk(mailboxPath) - before;
    console.log(`${frames} garbage frames of 16 MiB grew the mailbox by ${(grown / MiB).toFixed(2)} MiB`);
    expect(deadLetters()).toBe(frames);
    expect(grown).toBeLessThan(1 * MiB);
  });
});
