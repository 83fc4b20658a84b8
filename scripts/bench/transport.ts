// RPC round trips between two actors in two processes, through the real signaling server and the
// peer WebSocket transport (caller: EchoServiceClient on an ActrRef with Dest.actor(id); callee:
// the generated echo workload behind its durable mailbox), against a raw `ws` echo of the same
// bytes and @grpc/grpc-js unary calls between the same two processes. Run with
// `npm run bench transport`. To CPU-profile both processes, set ACTR_BENCH_CPU_PROF=<dir> and start
// the parent with `node --cpu-prof --cpu-prof-dir=<dir>` (Node refuses --cpu-prof in NODE_OPTIONS,
// so the child gets it in its arguments); only the actr contender runs then, so the profiles hold
// nothing else.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { create, toBinary } from "@bufbuild/protobuf";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { WebSocket, WebSocketServer } from "ws";
import { Direction, RpcEnvelopeSchema, actrIdToString, parseActrId } from "@actr/protocol";
import { ActrSystem, Dest, consoleLogger } from "@actr/runtime";
import { silentLogger, startSignalingServer } from "@actr/signaling";
import { EchoServiceClient, EchoServiceWorkload } from "../../fixtures/echo/expected/echo/echo_service_actor.js";
import { EchoRequestSchema } from "../../fixtures/echo/expected/local/echo_pb.js";
import type { EchoRequest } from "../../fixtures/echo/expected/local/echo_pb.js";
import { TS_NODE_ARGS } from "../lib/child-process.js";

const SERVE_FLAG = "--serve-transport-bench";
const MESSAGE = "x".repeat(256);
const SEQUENTIAL_CALLS = 3_000;
const CONCURRENT_CALLS = 30_000;
const IN_FLIGHT = 32;
const ROUNDS = 3;
const MAX_PAYLOAD = 16 * 1024 * 1024;
const PROFILE_DIR = process.env["ACTR_BENCH_CPU_PROF"];

const GRPC_PROTO = `syntax = "proto3";
package bench;
message EchoMessage { string route_key = 1; string message = 2; string request_id = 3; }
service Bench { rpc Echo(EchoMessage) returns (EchoMessage); }
`;

interface EchoMessage {
  route_key: string;
  message: string;
  request_id: string;
}
type EchoClient = grpc.Client & {
  echo(request: EchoMessage, callback: (error: grpc.ServiceError | null, response?: EchoMessage) => void): void;
};

interface ServerInfo {
  readonly actorId: string;
  readonly raw: string;
  readonly grpc: number;
}

/** A way to make one round trip; resolves when the reply is back. */
type RoundTrip = () => Promise<void>;
interface Contender {
  readonly roundTrip: RoundTrip;
  close(): Promise<void>;
}

interface Figures {
  readonly rps: number;
  readonly p50Us: number;
  readonly p99Us: number;
}

function loadGrpcService(dir: string): grpc.ServiceClientConstructor {
  const file = join(dir, "bench.proto");
  writeFileSync(file, GRPC_PROTO);
  const definition = protoLoader.loadSync(file, { keepCase: true });
  const pkg = grpc.loadPackageDefinition(definition)["bench"] as grpc.GrpcObject;
  return pkg["Bench"] as grpc.ServiceClientConstructor;
}

function actorConfig(dir: string, name: string, signaling: string) {
  return { actrType: `bench+${name}`, baseDir: dir, realmId: 1, signaling, websocketListenPort: 0, mailboxPath: join(dir, `${name}.db`) };
}

// ---------------------------------------------------------------- child process: the servers

async function serve(signaling: string, dir: string): Promise<void> {
  const system = await ActrSystem.fromConfig(actorConfig(dir, "EchoServer", signaling), { logger: consoleLogger("error") });
  const actor = await system.attach(new EchoServiceWorkload({ echo: async (request) => ({ reply: request.message }) })).start();

  const raw = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false, maxPayload: MAX_PAYLOAD });
  raw.on("connection", (socket) => socket.on("message", (data) => socket.send(data as Buffer)));
  await new Promise((resolve) => raw.once("listening", resolve));

  const grpcServer = new grpc.Server();
  grpcServer.addService(loadGrpcService(dir).service, {
    echo: (call: grpc.ServerUnaryCall<EchoMessage, EchoMessage>, callback: grpc.sendUnaryData<EchoMessage>) => callback(null, call.request),
  });
  const grpcPort = await new Promise<number>((resolve, reject) =>
    grpcServer.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
  );

  const rawAddress = raw.address();
  const info: ServerInfo = {
    actorId: actrIdToString(actor.actorId()),
    raw: `ws://127.0.0.1:${rawAddress !== null && typeof rawAddress === "object" ? rawAddress.port : 0}`,
    grpc: grpcPort,
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  // The parent closes stdin when it is done.
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.once("end", resolve));
  await actor.shutdown();
  raw.close();
  grpcServer.forceShutdown();
}

// ---------------------------------------------------------------- parent process: the clients

async function measure(roundTrip: RoundTrip): Promise<Figures> {
  for (let i = 0; i < 500; i++) await roundTrip(); // warm-up
  const latencies: number[] = [];
  for (let i = 0; i < SEQUENTIAL_CALLS; i++) {
    const start = process.hrtime.bigint();
    await roundTrip();
    latencies.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  latencies.sort((a, b) => a - b);
  const start = process.hrtime.bigint();
  let issued = 0;
  const worker = async (): Promise<void> => {
    while (issued < CONCURRENT_CALLS) {
      issued++;
      await roundTrip();
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return {
    rps: CONCURRENT_CALLS / seconds,
    p50Us: latencies[Math.floor(latencies.length * 0.5)]!,
    p99Us: latencies[Math.floor(latencies.length * 0.99)]!,
  };
}

async function actrClient(dir: string, signaling: string, serverId: string): Promise<Contender> {
  const system = await ActrSystem.fromConfig(actorConfig(dir, "EchoCaller", signaling), { logger: consoleLogger("error") });
  const ref = await system.attach({ routeKeys: [], dispatch: async () => new Uint8Array() }).start();
  const client = new EchoServiceClient(ref, Dest.actor(parseActrId(serverId)));
  const request = { message: MESSAGE } as EchoRequest;
  return {
    roundTrip: async () => void (await client.echo(request)),
    close: () => ref.shutdown(),
  };
}

async function rawClient(url: string): Promise<Contender> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  // Replies come back in order on one socket, so a FIFO of waiters matches them.
  const waiting: (() => void)[] = [];
  socket.on("message", () => waiting.shift()?.());
  // The bytes an actr request of the same call puts on the wire.
  const request = toBinary(RpcEnvelopeSchema, create(RpcEnvelopeSchema, {
    routeKey: "echo.EchoService.Echo",
    payload: toBinary(EchoRequestSchema, create(EchoRequestSchema, { message: MESSAGE })),
    direction: Direction.REQUEST,
    requestId: randomUUID(),
    timeoutMs: 30_000n,
  }));
  return {
    roundTrip: () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        socket.send(request);
      }),
    close: async () => {
      socket.close();
      await new Promise((resolve) => socket.once("close", resolve));
    },
  };
}

function grpcClient(port: number, dir: string): Contender {
  const Client = loadGrpcService(dir);
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as EchoClient;
  return {
    roundTrip: () =>
      new Promise<void>((resolve, reject) =>
        client.echo({ route_key: "echo.EchoService.Echo", message: MESSAGE, request_id: randomUUID() }, (error) => (error ? reject(error) : resolve())),
      ),
    close: async () => client.close(),
  };
}

function startServerProcess(signaling: string, dir: string): Promise<{ child: ChildProcess; info: ServerInfo }> {
  const self = fileURLToPath(import.meta.url);
  const profile = PROFILE_DIR === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`];
  const child = spawn(process.execPath, [...profile, ...TS_NODE_ARGS, self, SERVE_FLAG, signaling, dir], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`bench server exited early (code ${code})`)));
    createInterface({ input: child.stdout! }).once("line", (line) => resolve({ child, info: JSON.parse(line) as ServerInfo }));
  });
}

function line(name: string, figures: Figures): string {
  const rps = Math.round(figures.rps).toLocaleString("en-US");
  return `${name.padEnd(28)} ${rps.padStart(9)} rt/s   p50 ${figures.p50Us.toFixed(0).padStart(5)} us   p99 ${figures.p99Us.toFixed(0).padStart(5)} us`;
}

export default async function transportBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "actr-bench-"));
  const signaling = await startSignalingServer({ host: "127.0.0.1", port: 0, keyFile: join(dir, "signing-key.json"), logger: silentLogger });
  const { child, info } = await startServerProcess(signaling.wsUrl, dir);
  try {
    console.log(
      `two actors in two processes over signaling + peer WebSocket, EchoRequest with a ${MESSAGE.length}-char message; ` +
        `latency from ${SEQUENTIAL_CALLS} sequential calls, throughput from ${CONCURRENT_CALLS} calls with ${IN_FLIGHT} in flight, ` +
        `best of ${ROUNDS} interleaved rounds`,
    );
    const actrName = "actr actor -> actor RPC";
    const openActr = (): Promise<Contender> => actrClient(dir, signaling.wsUrl, info.actorId);
    if (PROFILE_DIR !== undefined) {
      const contender = await openActr();
      console.log(line(actrName, await measure(contender.roundTrip)));
      await contender.close();
      return;
    }
    const contenders: readonly (readonly [string, () => Promise<Contender>])[] = [
      ["raw ws echo (baseline)", () => rawClient(info.raw)],
      [actrName, openActr],
      ["grpc-js unary (baseline)", async () => grpcClient(info.grpc, dir)],
    ];
    // Interleaved rounds, best figures of each: a shared machine adds noise, never speed.
    const best = new Map<string, Figures>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, open] of contenders) {
        const contender = await open();
        const figures = await measure(contender.roundTrip);
        await contender.close();
        const previous = best.get(name);
        best.set(name, {
          rps: Math.max(figures.rps, previous?.rps ?? 0),
          p50Us: Math.min(figures.p50Us, previous?.p50Us ?? Infinity),
          p99Us: Math.min(figures.p99Us, previous?.p99Us ?? Infinity),
        });
      }
    }
    for (const [name, figures] of best) console.log(line(name, figures));
    const [raw, actr, grpcFigures] = [...best.values()] as [Figures, Figures, Figures];
    console.log(`actr RPC / raw ws:   ${(actr.rps / raw.rps).toFixed(2)}x throughput (target >= 0.7x)`);
    console.log(`actr RPC / grpc-js:  ${(actr.rps / grpcFigures.rps).toFixed(2)}x throughput (target >= 2x)`);
  } finally {
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
