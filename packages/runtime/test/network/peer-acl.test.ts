import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { create } from "@bufbuild/protobuf";
import { AclRule_Permission, AclSchema, makeActrType, type Acl } from "@actr/protocol";
import { ActrSystem, Dest, PermissionDeniedError } from "@actr/runtime";
import type { ActrRef } from "@actr/runtime";
import { EchoServiceClient, EchoServiceWorkload } from "../../../../fixtures/echo/expected/echo/echo_service_actor.js";
import { createNetworkStarter, type ActorNetwork } from "../../src/network/start-network.js";
import { memoryLogger } from "../support/temp-dir.js";
import { actorConfig, specFor, TestSignaling } from "./network-fixture.js";

/** Bob's ACL: only acme:Alice (any version) may call it. */
const aliceOnly: Acl = create(AclSchema, {
  rules: [{ permission: AclRule_Permission.ALLOW, fromType: makeActrType("acme", "Alice", "") }],
});

const network = createNetworkStarter({ reconnect: { initialMs: 50, maxMs: 200 }, requestTimeoutMs: 5_000, logger: memoryLogger() });

/** The HTTP status of a refused upgrade, or "open". */
function upgrade(url: string, headers: Record<string, string>): Promise<number | "open"> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once("unexpected-response", (_request, response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once("open", () => {
      resolve("open");
      socket.close();
    });
    socket.once("error", (error) => {
      if (!error.message.includes("Unexpected server response")) reject(error);
    });
  });
}

describe("the actor's ACL at its peer socket", () => {
  const signaling = new TestSignaling();
  const networks: ActorNetwork[] = [];
  const refs: ActrRef[] = [];

  beforeAll(() => signaling.start());

  afterAll(async () => {
    for (const ref of refs) await ref.shutdown();
    for (const started of networks) await started.close();
    await signaling.stop();
  });

  it("refuses the upgrade (403) of a type its ACL hides, dialing the address directly", async () => {
    const bob = await network({ ...actorConfig(signaling.server, "Bob"), acl: aliceOnly }, specFor("Bob"));
    const alice = await network(actorConfig(signaling.server, "Alice"), specFor("Alice"));
    const mallory = await network(actorConfig(signaling.server, "Mallory"), specFor("Mallory"));
    networks.push(bob, alice, mallory);
    expect(await upgrade(bob.wsAddress!, mallory.identity.peerHeaders())).toBe(403);
    expect(await upgrade(bob.wsAddress!, alice.identity.peerHeaders())).toBe("open");
  });

  it("answers PermissionDenied to a request from a hidden type over a connection the actor dialed itself", async () => {
    async function start(name: string, acl: Acl | undefined): Promise<ActrRef> {
      const system = await ActrSystem.fromConfig(
        { actrType: `acme+${name}`, realmId: 1, signaling: signaling.server.wsUrl, websocketListenPort: 0, mailboxPath: ":memory:", acl },
        { network, logger: memoryLogger() },
      );
      // "call-back" makes the callee call its caller back over the connection the caller opened.
      const workload = new EchoServiceWorkload({
        async echo(request, ctx) {
          if (request.message !== "call-back" || ctx.callerId === undefined) return { reply: `${name} heard ${request.message}` };
          try {
            return { reply: (await new EchoServiceClient(ctx, Dest.actor(ctx.callerId)).echo({ message: `from ${name}` })).reply };
          } catch (error) {
            return { reply: error instanceof PermissionDeniedError ? `${error.name} ${error.code}` : String(error) };
          }
        },
      });
      const ref = await system.attach(workload).start();
      refs.push(ref);
      return ref;
    }
    const bob = await start("Bob", aliceOnly);
    const mallory = await start("Mallory", undefined);
    const reply = await new EchoServiceClient(bob, Dest.actor(mallory.actorId())).echo({ message: "call-back" });
    expect(reply.reply).toBe(`PermissionDeniedError ${new PermissionDeniedError("").code}`);
  });
});
