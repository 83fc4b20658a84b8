// The runtime's State Path: Shell -> Workload round trips through the durable SQLite mailbox
// against a plain `await handler(req)`, and the mailbox's enqueue + claim + ack against raw
// better-sqlite3 inserts with the same pragmas. Run with `npm run bench runtime`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { Direction } from "@actr/protocol";
import { ActrSystem, Origin, PayloadType, SqliteMailbox, consoleLogger } from "@actr/runtime";
import type { InboxMessage } from "@actr/runtime";
import { EchoServiceClient, EchoServiceWorkload } from "../../fixtures/echo/expected/echo_service_actor.js";
import type { EchoRequest } from "../../fixtures/echo/expected/local/echo_pb.js";

const ROUND_TRIPS = 5_000;
const CONCURRENT_CALLS = 20_000;
const CONCURRENCY = 64;
const MAILBOX_MESSAGES = 50_000;
const BATCH = 100;

export default async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "actr-bench-runtime-"));
  try {
    await roundTrips(dir);
    mailbox(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function roundTrips(dir: string): Promise<void> {
  const handler = { echo: async (request: EchoRequest) => ({ reply: request.message }) };
  const system = await ActrSystem.fromConfig({ actrType: "acme+EchoService", mailboxPath: join(dir, "calls.db") });
  const ref = await system.attach(new EchoServiceWorkload(handler)).start();
  const client = new EchoServiceClient(ref);
  const request = { message: "hello" } as EchoRequest;

  const direct = await latencies(() => handler.echo(request));
  const actr = await latencies(() => client.echo(request));
  report("plain await handler(req)", direct);
  report("Shell -> Workload (mailbox)", actr);
  console.log(`ratio p50 actr / plain:       ${(percentile(actr, 0.5) / percentile(direct, 0.5)).toFixed(0)}x (target p50 < 20 us)`);

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
    kind: Direction.REQUEST, origin: Origin.Shell, sender: undefined, requestId: `req-${i}`, routeKey: "echo.EchoService.Echo", payload, payloadType: PayloadType.RpcReliable, timeoutMs: 30_000,
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

async function latencies(call: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 500; i++) await call();
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
