import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actrIdEquals, actrIdToString } from "@actr/protocol";
import type { ActrId } from "@actr/protocol";
import { ActrSystem, Dest, InvalidArgumentError } from "@actr/runtime";
import { LOCK_FILE_VERSION, formatLockFile } from "@actr/runtime/internal";
import type { ActrRef, Context } from "@actr/runtime";
import {
  EchoServiceClient,
  EchoServiceSpec,
  EchoServiceWorkload,
} from "../../../../fixtures/echo/expected/echo/echo_service_actor.js";
import type { EchoServiceHandler } from "../../../../fixtures/echo/expected/echo/echo_service_actor.js";
import type { EchoRequest } from "../../../../fixtures/echo/expected/local/echo_pb.js";
import { createNetworkStarter } from "../../src/network/start-network.js";
import { TestSignaling } from "./network-fixture.js";

const network = createNetworkStarter({ reconnect: { initialMs: 50, maxMs: 200 }, requestTimeoutMs: 5_000 });

/**
 * Echoes; "call-back:<text>" makes it call the caller's own EchoService before answering, so a
 * request travels both ways over the same peer connection; "fail" throws.
 */
class TwoWayEcho implements EchoServiceHandler {
  async echo(request: EchoRequest, ctx: Context) {
    if (request.message === "fail") throw new InvalidArgumentError("told to fail");
    const callBack = /^call-back:(.*)$/.exec(request.message);
    if (callBack !== null && ctx.callerId !== undefined) {
      const back = await new EchoServiceClient(ctx, Dest.actor(ctx.callerId)).echo({ message: callBack[1] });
      return { reply: `${ctx.selfId.type?.name} heard back: ${back.reply}` };
    }
    return { reply: `${ctx.selfId.type?.name}: ${request.message}` };
  }
}

describe("two actors over signaling and the peer WebSocket", () => {
  const signaling = new TestSignaling();
  const refs: ActrRef[] = [];
  const dirs: string[] = [];

  async function startActor(name: string, dependsOn: string): Promise<ActrRef> {
    const dir = mkdtempSync(join(tmpdir(), `actr-${name}-`));
    dirs.push(dir);
    const lockPath = join(dir, "Actr.lock.toml");
    const dependency = { name: "peer", actrType: `acme+${dependsOn}`, fingerprint: EchoServiceSpec.fingerprint, files: [] };
    writeFileSync(lockPath, formatLockFile({ version: LOCK_FILE_VERSION, generatedAt: "now", dependencies: [dependency] }));
    const system = await ActrSystem.fromConfig(
      { actrType: `acme+${name}`, baseDir: dir, realmId: 1, signaling: signaling.server.wsUrl, websocketListenPort: 0, lockPath },
      { network },
    );
    const ref = await system.attach(new EchoServiceWorkload(new TwoWayEcho())).start();
    refs.push(ref);
    return ref;
  }

  let alice: ActrRef;
  let bob: ActrRef;
  let bobId: ActrId;

  beforeAll(async () => {
    await signaling.start();
    alice = await startActor("Alice", "Bob");
    bob = await startActor("Bob", "Alice");
    bobId = await alice.discover("acme+Bob");
  });

  afterAll(async () => {
    for (const ref of refs) await ref.shutdown();
    await signaling.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("discovers by the lock-file dependency and calls with the caller's identity", async () => {
    expect(actrIdEquals(bobId, bob.actorId())).toBe(true);
    const reply = await new EchoServiceClient(alice, Dest.actor(bobId)).echo({ message: "hi" });
    expect(reply.reply).toBe("Bob: hi");
  });

  it("carries a request back to the caller while the first one waits (RPC both ways)", async () => {
    const reply = await new EchoServiceClient(alice, Dest.actor(bobId)).echo({ message: "call-back:ping" });
    expect(reply.reply).toBe("Bob heard back: Alice: ping");
  });

  it("delivers a remote handler's error as the same class, code and message", async () => {
    const call = new EchoServiceClient(alice, Dest.actor(bobId)).echo({ message: "fail" });
    await expect(call).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(call).rejects.toMatchObject({ code: 10005, message: "told to fail" });
  });

  it("keeps working across a signaling server restart and discovers again once reconnected", async () => {
    await signaling.restart();
    // The peer socket does not depend on signaling.
    const during = await new EchoServiceClient(alice, Dest.actor(bobId)).echo({ message: "during" });
    expect(during.reply).toBe("Bob: during");
    let found: ActrId | undefined;
    for (let attempt = 0; attempt < 100 && found === undefined; attempt++) {
      found = await alice.discover("acme+Bob").catch(() => undefined);
      if (found === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(found && actrIdToString(found)).toBe(actrIdToString(bobId));
    const after = await new EchoServiceClient(bob, Dest.actor(alice.actorId())).echo({ message: "after" });
    expect(after.reply).toBe("Alice: after");
  });
});
