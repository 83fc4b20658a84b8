// The runtime's State Path: Shell -> Workload round trips (inproc, in memory, typed calls hand the
// message objects over without encoding) against a plain
// `await handler(req)`; the durable mailbox's enqueue + claim + ack against raw better-sqlite3
// inserts with the same pragmas; and remote-origin messages end to end (inbound dispatcher ->
// mailbox -> scheduler -> handler -> reply -> ack), fed by a PeerTransport that answers at once.
// Run with `npm run bench runtime`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Direction, RpcEnvelopeSchema, makeActrId, makeActrType } from "@actr/protocol";
import { ActrSystem, Dest, PayloadType, SqliteMailbox, consoleLogger } from "@actr/runtime";
import type { InboundSink, InboxMessage, NetworkStarter, PeerTransport } from "@actr/runtime";
import { Origin } from "@actr/runtime/internal";
import { EchoServiceClient, EchoServiceWorkload } from "../../fixtures/echo/expected/echo/echo_service_actor.js";
import { EchoRequestSchema, EchoResponseSchema } from "../../fixtures/echo/expected/local/echo_pb.js";
import type { EchoRequest } from "../../fixtures/echo/expected/local/echo_pb.js";

const ROUND_TRIPS = 50_000;
/** Calls before measuring, so the figures are of JIT-optimized code (steady state), not of warm-up. */
const WARM_UP_CALLS = 20_000;
const LOCAL_CALL_P50_TARGET_US = 3;
const CONCURRENT_CALLS = 20_000;
const CONCURRENCY = 64;
const MAILBOX_MESSAGES = 50_000;
const BATCH = 100;
const REMOTE_MESSAGES = 20_000;
const REMOTE_IN_FLIGHT = 32;

export default async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "actr-bench-runtime-"));
  try {
    await roundTrips(dir);
    mailbox(dir);
    await remoteOrigin(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function roundTrips(dir: string): Promise<void> {
  const handler = { echo: async (request: EchoRequest) => ({ reply: request.message }) };
  const system = await ActrSystem.fromConfig({ actrType: "acme+EchoService", mailboxPath: join(dir, "calls.db") });
  const ref = await system.attach(new EchoServiceWorkload(handler)).start();
  const client = new EchoServiceClient(ref);
  const request = create(EchoRequestSchema, { message: "hello" });
  const bytes = toBinary(EchoRequestSchema, request);

  const direct = await latencies(() => handler.echo(request));
  const actr = await latencies(() => client.echo(request));
  // The same call through bytes, as raw and remote calls go: what the object path saves.
  const raw = await latencies(async () => fromBinary(EchoResponseSchema, await ref.callRaw(Dest.local(), "echo.EchoService.Echo", bytes)));
  report("plain await handler(req)", direct);
  report("Shell -> Workload (inproc)", actr);
  report("Shell -> Workload, raw bytes", raw);
  const p50 = percentile(actr, 0.5);
  const met = p50 <= LOCAL_CALL_P50_TARGET_US ? "met" : "NOT met";
  console.log(`ratio p50 actr / plain:       ${(p50 / percentile(direct, 0.5)).toFixed(0)}x; target Shell -> Workload p50 <= ${LOCAL_CALL_P50_TARGET_US} us (typed calls in process are not serialized): ${met}`);

  const started = process.hrtime.bigint();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next++ < CONCURRENT_CALLS) await client.echo(request);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`Shell -> Workload, ${CONCURRENCY} callers: ${fmtRate(CONCURRENT_CALLS / seconds)} calls/s end to end (target >= 20,000)`);
  await ref.shutdown();
}

function mailbox(dir: string): void {
  const payload = new Uint8Array(16);
  const message = (i: number): InboxMessage => ({
    kind: Direction.REQUEST, origin: Origin.Shell, sender: undefined, requestId: `req-${i}`, routeKey: "echo.EchoService.Echo", payload, payloadType: PayloadType.RPC_RELIABLE, timeoutMs: 30_000,
  });

  const box = SqliteMailbox.open(join(dir, "mailbox.db"), consoleLogger("error"));
  let started = process.hrtime.bigint();
  for (let i = 0; i < MAILBOX_MESSAGES; i += BATCH) {
    for (let j = 0; j < BATCH; j++) box.enqueue(message(i + j));
    for (let m = box.claim(); m !== undefined; m = box.claim()) box.ack(m.seq);
  }
  box.close();
  const ours = MAILBOX_MESSAGES / (Number(process.hrtime.bigint() - started) / 1e9);

  const db = new Database(join(dir, "raw.db"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec("CREATE TABLE raw (seq INTEGER PRIMARY KEY, request_id TEXT, route_key TEXT, payload BLOB)");
  const insert = db.prepare("INSERT INTO raw (request_id, route_key, payload) VALUES (?, ?, ?)");
  const rawCount = 5_000;
  started = process.hrtime.bigint();
  for (let i = 0; i < rawCount; i++) insert.run(`req-${i}`, "echo.EchoService.Echo", payload);
  const rawSingle = rawCount / (Number(process.hrtime.bigint() - started) / 1e9);
  const batch = db.transaction((from: number) => {
    for (let j = 0; j < BATCH; j++) insert.run(`req-${from + j}`, "echo.EchoService.Echo", payload);
  });
  started = process.hrtime.bigint();
  for (let i = 0; i < MAILBOX_MESSAGES; i += BATCH) batch(i);
  const rawBatched = MAILBOX_MESSAGES / (Number(process.hrtime.bigint() - started) / 1e9);
  db.close();

  console.log(`raw insert, one commit each:        ${fmtRate(rawSingle)} msgs/s`);
  console.log(`raw insert, ${BATCH} per commit:        ${fmtRate(rawBatched)} msgs/s`);
  console.log(`mailbox enqueue+claim+ack (${BATCH}/turn): ${fmtRate(ours)} msgs/s (target >= 20,000)`);
  console.log(`ratio mailbox / raw batched insert:  ${(ours / rawBatched).toFixed(2)}x; / raw single insert: ${(ours / rawSingle).toFixed(1)}x`);
}

/**
 * Requests from a remote actor, pre-encoded so only the runtime is measured; each reply sent back
 * releases the next request, keeping REMOTE_IN_FLIGHT in flight. The clock stops once the last
 * message is acked on disk.
 */
async function remoteOrigin(dir: string): Promise<void> {
  const peer = makeActrId(1, 99n, makeActrType("bench", "Peer", "1"));
  const payload = toBinary(EchoRequestSchema, create(EchoRequestSchema, { message: "hello" }));
  const requests = Array.from({ length: REMOTE_MESSAGES }, () =>
    toBinary(RpcEnvelopeSchema, create(RpcEnvelopeSchema, { routeKey: "echo.EchoService.Echo", payload, direction: Direction.REQUEST, requestId: randomUUID(), timeoutMs: 30_000n })),
  );
  let sink: InboundSink = () => undefined;
  let sent = 0;
  let replies = 0;
  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const deliverNext = (): void => {
    if (sent < requests.length) sink(peer, PayloadType.RPC_RELIABLE, requests[sent++]!);
  };
  const transport: PeerTransport = {
    send: async () => {
      if (++replies === requests.length) finished();
      deliverNext();
    },
    setSink: (s) => void (sink = s),
    close: async () => undefined,
  };
  const network: NetworkStarter = async (config) => ({
    actorId: makeActrId(config.realmId, 1n, config.actrType),
    transport,
    discover: () => Promise.reject(new Error("no discovery in this bench")),
    close: async () => undefined,
  });
  const path = join(dir, "remote.db");
  const system = await ActrSystem.fromConfig({ actrType: "acme+EchoService", mailboxPath: path, signaling: "ws://127.0.0.1:1/unused" }, { network, logger: consoleLogger("error") });
  const ref = await system.attach(new EchoServiceWorkload({ echo: async (request) => ({ reply: request.message }) })).start();
  const started = process.hrtime.bigint();
  for (let i = 0; i < REMOTE_IN_FLIGHT; i++) deliverNext();
  await done;
  await ref.shutdown(); // commits the last acks
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const db = new Database(path, { readonly: true });
  const left = db.prepare("SELECT count(*) FROM messages").pluck().get() as number;
  db.close();
  console.log(`remote-origin requests, durable, ${REMOTE_IN_FLIGHT} in flight: ${fmtRate(REMOTE_MESSAGES / seconds)} msgs/s end to end (inbound -> mailbox -> handler -> reply -> ack; ${left} left in the mailbox)`);
}

async function latencies(call: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARM_UP_CALLS; i++) await call();
  const out: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const start = process.hrtime.bigint();
    await call();
    out.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return out.sort((a, b) => a - b);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

function report(name: string, sorted: number[]): void {
  const total = sorted.reduce((a, b) => a + b, 0) / 1e6;
  console.log(`${name.padEnd(30)} p50 ${percentile(sorted, 0.5).toFixed(1)} us, p99 ${percentile(sorted, 0.99).toFixed(1)} us, ${fmtRate(sorted.length / total)} round trips/s`);
}

function fmtRate(perSecond: number): string {
  return Math.round(perSecond).toLocaleString("en-US");
}
