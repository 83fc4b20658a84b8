// A server stream of 100,000 small messages between two actors in two processes, through the real
// signaling server and the peer WebSocket, against the same count of DataStream chunks the server
// pushes with ctx.sendDataStream (the Fast Path) and against the same bytes sent on a raw `ws`
// socket. Run with `npm run bench stream`.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { create, toBinary } from "@bufbuild/protobuf";
import { WebSocket, WebSocketServer } from "ws";
import { actrIdToString, parseActrId } from "@actr/protocol";
import { ActrSystem, Dest, consoleLogger } from "@actr/runtime";
import type { Context } from "@actr/runtime";
import { silentLogger, startSignalingServer } from "@actr/signaling";
import { TickerClient, TickerWorkload } from "../../fixtures/streaming/expected/ticker/ticker_actor.js";
import { TickSchema } from "../../fixtures/streaming/expected/local/ticker_pb.js";
import { TS_NODE_ARGS } from "../lib/child-process.js";

const SERVE_FLAG = "--serve-stream-bench";
const MESSAGES = 100_000;
const ROUNDS = 3;
const FAST_PATH_STREAM = "bench";

interface ServerInfo {
  readonly actorId: string;
  readonly raw: string;
}

/** Heap in use after a full collection (the child runs with --expose-gc): what the server holds, not its garbage. */
function liveHeap(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

const tick = (i: number): Uint8Array => toBinary(TickSchema, create(TickSchema, { value: BigInt(i) }));

// ---------------------------------------------------------------- child process: the server

async function serve(signaling: string, dir: string): Promise<void> {
  let heapGrowth = 0;
  const system = await ActrSystem.fromConfig(actorConfig(dir, "StreamServer", signaling), { logger: consoleLogger("error") });
  const actor = await system
    .attach(
      new TickerWorkload({
        // The Fast Path contender: `count` chunks to the caller, each a Tick as the stream sends it.
        async now(request, ctx) {
          const caller = Dest.actor(ctx.callerId!);
          for (let i = 0; i < request.count; i++) await ctx.sendDataStream(caller, { streamId: FAST_PATH_STREAM, sequence: BigInt(i), payload: tick(i) });
          return { value: BigInt(request.count) };
        },
        // start = 1 samples the heap while it streams: the growth is what `sum` answers next.
        async *ticks(request) {
          const sampling = request.start === 1n;
          const baseline = sampling ? liveHeap() : 0;
          for (let i = 0; i < request.count; i++) {
            if (sampling && i % 5_000 === 0) heapGrowth = Math.max(heapGrowth, liveHeap() - baseline);
            yield { value: BigInt(i) };
          }
        },
        async sum() {
          const sum = BigInt(heapGrowth);
          heapGrowth = 0;
          return { sum };
        },
        async *double() {},
      }),
    )
    .start();
  const raw = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false });
  raw.on("connection", (socket) =>
    socket.on("message", (data) => {
      const count = Number(String(data));
      for (let i = 0; i < count; i++) socket.send(tick(i));
    }),
  );
  await new Promise((resolve) => raw.once("listening", resolve));
  const address = raw.address();
  const info: ServerInfo = { actorId: actrIdToString(actor.actorId()), raw: `ws://127.0.0.1:${address !== null && typeof address === "object" ? address.port : 0}` };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.once("end", resolve));
  await actor.shutdown();
  raw.close();
}

function actorConfig(dir: string, name: string, signaling: string) {
  // The peer WebSocket only: WebRTC has a bench of its own.
  return { actrType: `bench+${name}`, baseDir: dir, realmId: 1, signaling, websocketListenPort: 0, mailboxPath: join(dir, `${name}.db`), webrtc: { enabled: false } };
}

// ---------------------------------------------------------------- parent process: the readers

/** Messages per second of one run of `receive`, which resolves once `MESSAGES` arrived. */
async function rate(receive: () => Promise<number>): Promise<number> {
  const started = performance.now();
  const count = await receive();
  if (count !== MESSAGES) throw new Error(`received ${count} of ${MESSAGES} messages`);
  return MESSAGES / ((performance.now() - started) / 1000);
}

async function rawReceive(url: string): Promise<number> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  let count = 0;
  const done = new Promise<void>((resolve) =>
    socket.on("message", () => {
      if (++count === MESSAGES) resolve();
    }),
  );
  socket.send(String(MESSAGES));
  await done;
  socket.close();
  return count;
}

function startServerProcess(signaling: string, dir: string): Promise<{ child: ChildProcess; info: ServerInfo }> {
  const child = spawn(process.execPath, ["--expose-gc", ...TS_NODE_ARGS, fileURLToPath(import.meta.url), SERVE_FLAG, signaling, dir], { stdio: ["pipe", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`bench server exited early (code ${code})`)));
    createInterface({ input: child.stdout! }).once("line", (line) => resolve({ child, info: JSON.parse(line) as ServerInfo }));
  });
}

const fmt = (perSecond: number): string => `${Math.round(perSecond).toLocaleString("en-US").padStart(9)} msg/s`;

export default async function streamBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "actr-bench-stream-"));
  const signaling = await startSignalingServer({ host: "127.0.0.1", port: 0, keyFile: join(dir, "signing-key.json"), logger: silentLogger });
  const { child, info } = await startServerProcess(signaling.wsUrl, dir);
  let ctx: Context | undefined;
  const system = await ActrSystem.fromConfig(actorConfig(dir, "StreamReader", signaling.wsUrl), { logger: consoleLogger("error") });
  const reader = await system
    .attach({
      routeKeys: [],
      dispatch: async () => new Uint8Array(),
      async onStart(started) {
        ctx = started;
      },
    })
    .start();
  try {
    const client = new TickerClient(reader, Dest.actor(parseActrId(info.actorId)));
    const streamReceive = async (): Promise<number> => {
      let count = 0;
      for await (const _ of client.ticks({ count: MESSAGES }, { timeoutMs: 300_000 })) count++;
      return count;
    };
    const fastPathReceive = async (): Promise<number> => {
      let count = 0;
      let done: () => void = () => undefined;
      const all = new Promise<void>((resolve) => (done = resolve));
      await ctx!.registerStream(FAST_PATH_STREAM, () => {
        if (++count === MESSAGES) done();
      });
      await client.now({ count: MESSAGES }, { timeoutMs: 300_000 });
      await all;
      await ctx!.unregisterStream(FAST_PATH_STREAM);
      return count;
    };
    console.log(`a server stream of ${MESSAGES.toLocaleString("en-US")} Tick messages (${tick(MESSAGES - 1).byteLength} bytes each) between two processes over signaling + peer WebSocket, best of ${ROUNDS} interleaved rounds`);
    const contenders: readonly (readonly [string, () => Promise<number>])[] = [
      ["raw ws messages (baseline)", () => rawReceive(info.raw)],
      ["sendDataStream chunks (Fast Path)", fastPathReceive],
      ["server-streaming rpc", streamReceive],
    ];
    const best = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, receive] of contenders) best.set(name, Math.max(best.get(name) ?? 0, await rate(receive)));
    }
    for (const [name, perSecond] of best) console.log(`${name.padEnd(36)} ${fmt(perSecond)}`);
    // A reader that takes a turn of the event loop every 64 messages: the server waits for credit.
    let slowRead = 0;
    const slowStarted = performance.now();
    for await (const _ of client.ticks({ start: 1n, count: MESSAGES }, { timeoutMs: 300_000 })) {
      if (++slowRead % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const growth = Number((await client.sum([])).sum) / 2 ** 20;
    console.log(`slow reader: ${slowRead.toLocaleString("en-US")} messages in ${((performance.now() - slowStarted) / 1000).toFixed(1)} s; server heap growth (live, after GC) while streaming, peak: ${growth.toFixed(2)} MiB`);
    const [raw, fastPath, stream] = [...best.values()] as [number, number, number];
    console.log(`stream / raw ws:        ${(stream / raw).toFixed(2)}x messages/s`);
    console.log(`stream / Fast Path:     ${(stream / fastPath).toFixed(2)}x messages/s (target >= 0.8x)`);
  } finally {
    await reader.shutdown();
    child.removeAllListeners("exit");
    child.stdin!.end();
    await new Promise((resolve) => child.once("exit", resolve));
    await signaling.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === SERVE_FLAG) {
  await serve(process.argv[3]!, process.argv[4]!);
}
