import { join } from "node:path";
import Database from "better-sqlite3";
import { Direction } from "@actr/protocol";
import { describe, expect, it } from "vitest";
import { PayloadType } from "@actr/runtime";
import { SqliteMailbox } from "@actr/runtime";
import { Origin } from "@actr/runtime/internal";
import type { InboxMessage } from "@actr/runtime";
import { CLAIM_SQL } from "../../src/mailbox/mailbox-schema.js";
import { memoryLogger, useTempDir } from "../support/temp-dir.js";

const tempDir = useTempDir();

function message(requestId: string, payloadType: PayloadType = PayloadType.RPC_RELIABLE): InboxMessage {
  return { kind: Direction.REQUEST, origin: Origin.Remote, sender: new Uint8Array([1]), requestId, routeKey: "t.S.M", payload: new TextEncoder().encode(requestId), payloadType, timeoutMs: 1000 };
}

function drain(mailbox: SqliteMailbox): string[] {
  const order: string[] = [];
  for (let m = mailbox.claim(); m !== undefined; m = mailbox.claim()) {
    order.push(m.requestId);
    mailbox.ack(m.seq);
  }
  return order;
}

describe("SqliteMailbox", () => {
  it("claims RPC_SIGNAL first and FIFO within a priority", () => {
    const mailbox = SqliteMailbox.open(join(tempDir(), "m.db"), memoryLogger());
    for (const [id, lane] of [["r1", PayloadType.RPC_RELIABLE], ["s1", PayloadType.RPC_SIGNAL], ["r2", PayloadType.RPC_RELIABLE], ["s2", PayloadType.RPC_SIGNAL]] as const) {
      mailbox.enqueue(message(id, lane));
    }
    expect(drain(mailbox)).toEqual(["s1", "s2", "r1", "r2"]);
    mailbox.close();
  });

  it("hands out messages committed at a turn end while the table was drained, and lets a signal overtake rows read ahead", () => {
    const mailbox = SqliteMailbox.open(join(tempDir(), "m.db"), memoryLogger());
    mailbox.enqueue(message("a"));
    const a = mailbox.claim()!;
    mailbox.enqueue(message("b"));
    mailbox.flush();
    mailbox.enqueue(message("c"));
    mailbox.ack(a.seq);
    expect(drain(mailbox)).toEqual(["b", "c"]);
    for (let i = 0; i < 40; i++) mailbox.enqueue(message(`r${i}`));
    const first = mailbox.claim()!;
    mailbox.ack(first.seq);
    mailbox.enqueue(message("late-signal", PayloadType.RPC_SIGNAL));
    expect(drain(mailbox).slice(0, 2)).toEqual(["late-signal", "r1"]);
    mailbox.close();
  });

  it("keeps a claimed but unacked message on disk for the next open, in a WAL file", () => {
    const path = join(tempDir(), "nested", "m.db");
    const first = SqliteMailbox.open(path, memoryLogger());
    first.enqueue(message("a"));
    first.enqueue(message("b"));
    const claimed = first.claim();
    expect(claimed?.requestId).toBe("a");
    first.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
    const second = SqliteMailbox.open(path, memoryLogger());
    expect(drain(second)).toEqual(["a", "b"]);
    expect(second.size()).toBe(0);
    second.close();
  });

  it("returns the stored result with a repeated request_id", () => {
    const mailbox = SqliteMailbox.open(join(tempDir(), "m.db"), memoryLogger());
    mailbox.enqueue(message("dup"));
    const first = mailbox.claim();
    expect(first?.stored).toBeUndefined();
    mailbox.storeResult(first!.sender, "dup", { payload: new Uint8Array([42]), error: undefined });
    mailbox.ack(first!.seq);
    mailbox.enqueue(message("dup"));
    const again = mailbox.claim();
    expect(again?.stored?.payload && [...again.stored.payload]).toEqual([42]);
    mailbox.close();
  });

  it("answers a request_id repeated after a restart from the stored result, and keeps senders apart", () => {
    const path = join(tempDir(), "m.db");
    const first = SqliteMailbox.open(path, memoryLogger());
    first.enqueue(message("dup"));
    const handled = first.claim()!;
    first.storeResult(handled.sender, "dup", { payload: undefined, error: { code: 5, message: "no such thing" } });
    first.ack(handled.seq);
    first.close();

    const second = SqliteMailbox.open(path, memoryLogger());
    second.enqueue(message("dup"));
    second.enqueue({ ...message("dup"), sender: new Uint8Array([2]) });
    const repeated = second.claim();
    expect(repeated?.stored).toEqual({ payload: undefined, error: { code: 5, message: "no such thing" } });
    expect(second.claim()?.stored).toBeUndefined();
    second.close();
  });

  it("answers a repeated request_id from a result stored in this turn, before it is committed", () => {
    const mailbox = SqliteMailbox.open(join(tempDir(), "m.db"), memoryLogger());
    mailbox.enqueue(message("dup"));
    mailbox.enqueue(message("dup"));
    const first = mailbox.claim()!;
    mailbox.storeResult(first.sender, "dup", { payload: new Uint8Array([7]), error: undefined });
    const second = mailbox.claim();
    expect(second?.seq).not.toBe(first.seq);
    expect(second?.stored?.payload && [...second.stored.payload]).toEqual([7]);
    mailbox.close();
  });

  it("runs afterCommit callbacks only once the writes before them are on disk, and batches a turn in one commit", async () => {
    const path = join(tempDir(), "m.db");
    const mailbox = SqliteMailbox.open(path, memoryLogger());
    const reader = new Database(path, { readonly: true });
    const stored = (): number => reader.prepare("SELECT count(*) FROM stored_results").pluck().get() as number;
    mailbox.enqueue(message("a"));
    mailbox.enqueue(message("b"));
    const a = mailbox.claim()!;
    const b = mailbox.claim()!;
    let seenAtCallback = -1;
    for (const m of [a, b]) mailbox.storeResult(m.sender, m.requestId, { payload: undefined, error: undefined });
    mailbox.afterCommit(() => (seenAtCallback = stored()));
    expect(seenAtCallback).toBe(-1);
    expect(stored()).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(seenAtCallback).toBe(2);
    mailbox.ack(a.seq);
    mailbox.ack(b.seq);
    expect(reader.prepare("SELECT count(*) FROM messages").pluck().get()).toBe(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(reader.prepare("SELECT count(*) FROM messages").pluck().get()).toBe(0);
    reader.close();
    mailbox.close();
  });

  it("commits stored results and releases their replies once nothing is left to claim", () => {
    const mailbox = SqliteMailbox.open(join(tempDir(), "m.db"), memoryLogger());
    mailbox.enqueue(message("a"));
    mailbox.enqueue(message("b"));
    const a = mailbox.claim()!;
    mailbox.storeResult(a.sender, a.requestId, { payload: undefined, error: undefined });
    let released = 0;
    mailbox.afterCommit(() => released++);
    expect(mailbox.peek()?.requestId).toBe("b");
    expect(released).toBe(0);
    mailbox.claim();
    expect(mailbox.peek()).toBeUndefined();
    expect(released).toBe(1);
    mailbox.close();
  });

  it("moves a message to the dead-letter table with its reason", () => {
    const mailbox = SqliteMailbox.open(join(tempDir(), "m.db"), memoryLogger());
    mailbox.enqueue(message("bad"));
    const claimed = mailbox.claim()!;
    mailbox.deadLetter({ reason: "cannot decode", payloadType: claimed.payloadType, sender: claimed.sender, routeKey: claimed.routeKey, requestId: claimed.requestId, data: claimed.payload }, claimed.seq);
    expect(mailbox.size()).toBe(0);
    expect(mailbox.deadLetters()).toMatchObject([{ reason: "cannot decode", requestId: "bad", routeKey: "t.S.M" }]);
    mailbox.close();
  });

  it("claims through the index, without sorting", () => {
    const path = join(tempDir(), "m.db");
    SqliteMailbox.open(path, memoryLogger()).close();
    const db = new Database(path, { readonly: true });
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${CLAIM_SQL}`).all(1) as { detail: string }[]).map((row) => row.detail).join("\n");
    expect(plan).toContain("messages_claim");
    expect(plan).not.toContain("TEMP B-TREE");
    db.close();
  });
});
