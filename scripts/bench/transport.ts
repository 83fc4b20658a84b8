// RPC-shaped round trips over the actr peer WebSocket transport (RpcEnvelope encode, frame, send,
// peer decodes and replies) against a raw `ws` echo of the same bytes and @grpc/grpc-js unary calls,
// all between this process and one child process that hosts the three servers.
//
// Measures the transport layer (OutprocTransport + WebSocket wire), once echoing bytes (transport
// alone) and once RPC-shaped; run with `npm run bench transport`.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { WebSocket, WebSocketServer } from "ws";
import {
  Direction,
  RpcEnvelopeSchema,
  createSigningKey,
  encodeCredentialHeader,
  encodeSourceIdHeader,
  identityClaimsFor,
  issueCredential,
  loadSigningKey,
  makeActrId,
  makeActrType,
  saveSigningKey,
  verifyPeerHeaders,
  CREDENTIAL_HEADER,
  SOURCE_ID_HEADER,
  type ActrId,
} from "@actr/protocol";
import { OutprocTransport, PayloadType } from "@actr/runtime";
// Wire-level pieces are not part of the runtime's public API; the bench reaches into the sources.
import { WebSocketConnector } from "../../packages/runtime/src/wire/websocket/websocket-connector.js";
import { listenWebSocket } from "../../packages/runtime/src/wire/websocket/websocket-listener.js";

const SERVE_FLAG = "--serve-transport-bench";
const PAYLOAD_BYTES = 256;
const SEQUENTIAL_CALLS = 3_000;
const CONCURRENT_CALLS = 30_000;
const IN_FLIGHT = 32;
const ROUNDS = 3;
const ROUTE_KEY = "bench.Bench.Echo";
const MAX_PAYLOAD = 16 * 1024 * 1024;

const GRPC_PROTO = `syntax = "proto3";
package bench;
message EchoMessage { string route_key = 1; bytes payload = 2; string request_id = 3; }
service Bench { rpc Echo(EchoMessage) returns (EchoMessage); }
`;

interface EchoMessage {
  route_key: string;
  payload: Buffer;
  request_id: string;
}
type EchoClient = grpc.Client & {
  echo(request: EchoMessage, callback: (error: grpc.ServiceError | null, response?: EchoMessage) => void): void;
};

interface ServerPorts {
  readonly actr: string;
  readonly raw: string;
  readonly grpc: number;
}

const serverId = makeActrId(1, 2n, makeActrType("bench", "Server", "1"));
const clientId = makeActrId(1, 1n, makeActrType("bench", "Client", "1"));

/** A way to make one round trip; resolves when the reply is back. */
type RoundTrip = () => Promise<void>;

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

function rpcRequest(payload: Uint8Array): Uint8Array {
  const envelope = create(RpcEnvelopeSchema, {
    routeKey: ROUTE_KEY,
    payload,
    direction: Direction.REQUEST,
    requestId: randomUUID(),
    timeoutMs: 30_000n,
  });
  return toBinary(RpcEnvelopeSchema, envelope);
}

// ---------------------------------------------------------------- child process: the servers

async function serve(keyFile: string, dir: string): Promise<void> {
  const key = loadSigningKey(keyFile);
  const transport = new OutprocTransport();
  const connector = new WebSocketConnector({
    resolveAddress: () => Promise.reject(new Error("the bench server only replies")),
    identityHeaders: () => ({}),
    onFrame: (sender, payloadType, data) => transport.deliver(sender, payloadType, data),
    maxPayload: MAX_PAYLOAD,
    highWaterMark: 4 * 1024 * 1024,
    dialTimeoutMs: 5_000,
  });
  transport.setSink((sender, payloadType, data) => {
    // RPC_SIGNAL carries the transport-only variant: the same bytes straight back.
    if (payloadType === PayloadType.RpcSignal) {
      void transport.send(sender, payloadType, data);
      return;
    }
    const request = fromBinary(RpcEnvelopeSchema, data);
    const response = create(RpcEnvelopeSchema, {
      routeKey: request.routeKey,
      payload: request.payload,
      direction: Direction.RESPONSE,
      requestId: request.requestId,
      timeoutMs: 0n,
    });
    void transport.send(sender, PayloadType.RpcReliable, toBinary(RpcEnvelopeSchema, response));
  });
  const listener = await listenWebSocket({
    host: "127.0.0.1",
    port: 0,
    maxPayload: MAX_PAYLOAD,
    authenticate: (request) => {
      const check = verifyPeerHeaders(request.headers, key.publicKeyRaw, key.keyId);
      if (!check.ok || check.sourceId === undefined) return { ok: false, message: "refused" };
      return { ok: true, peer: check.sourceId };
    },
    onConnection: (socket, peer) => transport.adopt(connector.wrap(socket, peer)),
  });

  const raw = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false, maxPayload: MAX_PAYLOAD });
  raw.on("connection", (socket) => socket.on("message", (data) => socket.send(data as Buffer)));
  await new Promise((resolve) => raw.once("listening", resolve));

  const grpcServer = new grpc.Server();
  grpcServer.addService(loadGrpcService(dir).service, {
    echo: (call: grpc.ServerUnaryCall<EchoMessage, EchoMessage>, callback: grpc.sendUnaryData<EchoMessage>) =>
      callback(null, call.request),
  });
  const grpcPort = await new Promise<number>((resolve, reject) =>
    grpcServer.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve(port),
    ),
  );

  const rawAddress = raw.address();
  const rawPort = typeof rawAddress === "string" ? 0 : rawAddress.port;
  const ports: ServerPorts = { actr: listener.url, raw: `ws://127.0.0.1:${rawPort}`, grpc: grpcPort };
  process.stdout.write(`${JSON.stringify(ports)}\n`);
  // The parent closes stdin when it is done.
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.once("end", resolve));
  await transport.close();
  await listener.close();
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

/** `rpc`: encode and decode RpcEnvelopes on both sides; `bytes`: the transport alone, echoing bytes. */
async function actrClient(
  url: string,
  keyFile: string,
  mode: "rpc" | "bytes",
): Promise<{ roundTrip: RoundTrip; close(): Promise<void> }> {
  const key = loadSigningKey(keyFile);
  const credential = issueCredential(key, identityClaimsFor(clientId, Math.floor(Date.now() / 1000) + 3600));
  const transport = new OutprocTransport();
  const pending = new Map<string, () => void>();
  const echoed: (() => void)[] = [];
  transport.setSink((_sender, payloadType, data) => {
    if (payloadType === PayloadType.RpcSignal) {
      echoed.shift()?.();
      return;
    }
    const response = fromBinary(RpcEnvelopeSchema, data);
    const done = pending.get(response.requestId);
    pending.delete(response.requestId);
    done?.();
  });
  transport.addConnector(
    new WebSocketConnector({
      resolveAddress: async () => url,
      identityHeaders: () => ({
        [SOURCE_ID_HEADER]: encodeSourceIdHeader(clientId),
        [CREDENTIAL_HEADER]: encodeCredentialHeader(credential),
      }),
      onFrame: (sender, payloadType, data) => transport.deliver(sender, payloadType, data),
      maxPayload: MAX_PAYLOAD,
      highWaterMark: 4 * 1024 * 1024,
      dialTimeoutMs: 5_000,
    }),
  );
  const payload = new Uint8Array(PAYLOAD_BYTES).fill(7);
  const target: ActrId = serverId;
  if (mode === "bytes") {
    const request = rpcRequest(payload);
    return {
      roundTrip: () =>
        new Promise<void>((resolve, reject) => {
          echoed.push(resolve);
          transport.send(target, PayloadType.RpcSignal, request).catch(reject);
        }),
      close: () => transport.close(),
    };
  }
  return {
    roundTrip: () => {
      const envelope = create(RpcEnvelopeSchema, {
        routeKey: ROUTE_KEY,
        payload,
        direction: Direction.REQUEST,
        requestId: randomUUID(),
        timeoutMs: 30_000n,
      });
      return new Promise<void>((resolve, reject) => {
        pending.set(envelope.requestId, resolve);
        transport.send(target, PayloadType.RpcReliable, toBinary(RpcEnvelopeSchema, envelope)).catch(reject);
      });
    },
    close: () => transport.close(),
  };
}

async function rawClient(url: string): Promise<{ roundTrip: RoundTrip; close(): Promise<void> }> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  // Replies come back in order on one socket, so a FIFO of waiters matches them.
  const waiting: (() => void)[] = [];
  socket.on("message", () => waiting.shift()?.());
  const request = rpcRequest(new Uint8Array(PAYLOAD_BYTES).fill(7));
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

function grpcClient(port: number, dir: string): { roundTrip: RoundTrip; close(): Promise<void> } {
  const Client = loadGrpcService(dir);
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as EchoClient;
  const payload = Buffer.alloc(PAYLOAD_BYTES, 7);
  return {
    roundTrip: () =>
      new Promise<void>((resolve, reject) =>
        client.echo({ route_key: ROUTE_KEY, payload, request_id: randomUUID() }, (error) =>
          error ? reject(error) : resolve(),
        ),
      ),
    close: async () => client.close(),
  };
}

function startServerProcess(keyFile: string, dir: string): Promise<{ child: ChildProcess; ports: ServerPorts }> {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", self, SERVE_FLAG, keyFile, dir], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`bench server exited early (code ${code})`)));
    createInterface({ input: child.stdout! }).once("line", (line) => resolve({ child, ports: JSON.parse(line) as ServerPorts }));
  });
}

function line(name: string, figures: Figures): string {
  const rps = Math.round(figures.rps).toLocaleString("en-US");
  return `${name.padEnd(26)} ${rps.padStart(9)} rt/s   p50 ${figures.p50Us.toFixed(0).padStart(5)} us   p99 ${figures.p99Us.toFixed(0).padStart(5)} us`;
}

export default async function transportBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "actr-bench-"));
  const keyFile = join(dir, "key.json");
  saveSigningKey(createSigningKey(1), keyFile);
  const { child, ports } = await startServerProcess(keyFile, dir);
  try {
    console.log(
      `transport layer (OutprocTransport + WebSocket wire), ${PAYLOAD_BYTES}-byte payload in an RpcEnvelope; ` +
        `latency from ${SEQUENTIAL_CALLS} sequential calls, throughput from ${CONCURRENT_CALLS} calls with ${IN_FLIGHT} in flight, ` +
        `best of ${ROUNDS} interleaved rounds`,
    );
    const contenders = [
      ["raw ws echo (baseline)", () => rawClient(ports.raw)],
      ["actr transport, bytes echo", () => actrClient(ports.actr, keyFile, "bytes")],
      ["actr transport, RPC", () => actrClient(ports.actr, keyFile, "rpc")],
      ["grpc-js unary (baseline)", async () => grpcClient(ports.grpc, dir)],
    ] as const;
    // Interleaved rounds, best figures of each: a shared machine adds noise, never speed.
    const best = new Map<string, Figures>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, open] of contenders) {
        const client = await open();
        const figures = await measure(client.roundTrip);
        await client.close();
        const previous = best.get(name);
        best.set(name, {
          rps: Math.max(figures.rps, previous?.rps ?? 0),
          p50Us: Math.min(figures.p50Us, previous?.p50Us ?? Infinity),
          p99Us: Math.min(figures.p99Us, previous?.p99Us ?? Infinity),
        });
      }
    }
    const results = [...best];
    for (const [name, figures] of results) console.log(line(name, figures));
    const [raw, bytes, rpc, grpcFigures] = results.map(([, figures]) => figures) as [Figures, Figures, Figures, Figures];
    console.log(`actr bytes / raw ws: ${(bytes.rps / raw.rps).toFixed(2)}x throughput (transport overhead alone)`);
    console.log(`actr RPC / raw ws:   ${(rpc.rps / raw.rps).toFixed(2)}x throughput (target >= 0.7x)`);
    console.log(`actr RPC / grpc-js:  ${(rpc.rps / grpcFigures.rps).toFixed(2)}x throughput (target >= 2x)`);
  } finally {
    child.removeAllListeners("exit");
    child.stdin!.end();
    await new Promise((resolve) => child.once("exit", resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === SERVE_FLAG) {
  await serve(process.argv[3]!, process.argv[4]!);
}
