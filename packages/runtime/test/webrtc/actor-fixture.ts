import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll } from "vitest";
import type { ActrId, DataStream } from "@actr/protocol";
import { ActrSystem, Dest, type ActrRef, type Context, type NetworkOptions, type WebRtcConfig, type WebRtcEngineName } from "@actr/runtime";
import { EchoServiceClient, EchoServiceWorkload, type EchoServiceHandler } from "../../../../fixtures/echo/expected/echo/echo_service_actor.js";
import type { EchoRequest } from "../../../../fixtures/echo/expected/local/echo_pb.js";
import { createNetworkStarter, type ActorNetwork } from "../../src/network/start-network.js";
import { TestSignaling } from "../network/network-fixture.js";
import { memoryLogger } from "../support/temp-dir.js";

export interface TestActor {
  readonly ref: ActrRef;
  readonly ctx: Context;
  readonly network: ActorNetwork;
  readonly id: ActrId;
  /** Chunks of stream "s" in arrival order: "<sequence>:<payload bytes>". */
  readonly chunks: string[];
  readonly logger: ReturnType<typeof memoryLogger>;
  stop(): Promise<void>;
}

export interface TestActorOptions {
  readonly engine: WebRtcEngineName;
  /** Serve and dial the peer WebSocket too; default false, so only WebRTC connects. */
  readonly websocket?: boolean;
  readonly network?: NetworkOptions;
  /** More [system.webrtc] settings (e.g. TURN). */
  readonly webrtc?: Partial<WebRtcConfig>;
}

/**
 * Echoes; "call-back:<text>" calls the caller's EchoService first, so requests travel both ways;
 * "stream-back:<n>" sends n chunks of stream "s" to the caller before it replies.
 */
class Echo implements EchoServiceHandler {
  ctx: Context | undefined;

  async onStart(ctx: Context): Promise<void> {
    this.ctx = ctx;
  }

  async echo(request: EchoRequest, ctx: Context) {
    const callBack = /^call-back:(.*)$/.exec(request.message);
    if (callBack !== null && ctx.callerId !== undefined) {
      const back = await new EchoServiceClient(ctx, Dest.actor(ctx.callerId)).echo({ message: callBack[1] });
      return { reply: `heard back: ${back.reply}` };
    }
    const streamBack = /^stream-back:(\d+)$/.exec(request.message);
    if (streamBack !== null && ctx.callerId !== undefined) {
      const count = BigInt(streamBack[1]!);
      for (let sequence = 1n; sequence <= count; sequence++) {
        await ctx.sendDataStream(Dest.actor(ctx.callerId), { streamId: "s", sequence, payload: new Uint8Array(100) });
      }
      return { reply: `sent ${count}` };
    }
    return { reply: `${ctx.selfId.type?.name}: ${request.message}` };
  }
}

/** An echo actor registered with `signalingUrl`, reachable over WebRTC on 127.0.0.1. */
export async function startTestActor(signalingUrl: string, name: string, options: TestActorOptions): Promise<TestActor> {
  const dir = mkdtempSync(join(tmpdir(), `actr-webrtc-${name}-`));
  const logger = memoryLogger();
  const starter = createNetworkStarter({ reconnect: { initialMs: 50, maxMs: 200 }, requestTimeoutMs: 5_000, logger, ...options.network });
  let network: ActorNetwork | undefined;
  const system = await ActrSystem.fromConfig(
    {
      actrType: `acme+${name}`,
      baseDir: dir,
      realmId: 1,
      signaling: signalingUrl,
      websocketListenPort: options.websocket === true ? 0 : undefined,
      mailboxPath: join(dir, "mailbox.db"),
      webrtc: { engine: options.engine, hostAddress: "127.0.0.1", ...options.webrtc },
    },
    {
      logger,
      network: async (config, spec) => (network = await starter(config, spec)),
    },
  );
  const echo = new Echo();
  const ref = await system.attach(new EchoServiceWorkload(echo)).start();
  const chunks: string[] = [];
  await echo.ctx!.registerStream("s", (chunk: DataStream) => void chunks.push(`${chunk.sequence}:${chunk.payload.byteLength}`));
  return {
    ref,
    ctx: echo.ctx!,
    network: network!,
    id: ref.actorId(),
    chunks,
    logger,
    stop: async () => {
      await ref.shutdown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * For the enclosing describe block: a signaling server up for all its tests, and `start`, which
 * starts an echo actor registered with it; every actor started is stopped after its test.
 */
export function testActors(): { start(name: string, options: TestActorOptions): Promise<TestActor> } {
  const signaling = new TestSignaling();
  let actors: TestActor[] = [];
  beforeAll(() => signaling.start());
  afterAll(() => signaling.stop());
  afterEach(async () => {
    for (const actor of actors) await actor.stop();
    actors = [];
  });
  return {
    start: async (name, options) => {
      const actor = await startTestActor(signaling.server.wsUrl, name, options);
      actors.push(actor);
      return actor;
    },
  };
}
