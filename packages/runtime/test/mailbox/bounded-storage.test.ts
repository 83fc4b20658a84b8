import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { SqliteMailbox } from "@actr/runtime";
import { memoryLogger, useTempDir } from "../support/temp-dir.js";

const tempDir = useTempDir();
const MiB = 1024 * 1024;

/** The mailbox file and its WAL, as they are on disk now. */
function bytesOnDisk(path: string): number {
  return [path, `${path}-wal`].reduce((sum, file) => sum + (existsSync(file) ? statSync(file).size : 0), 0);
}

const mb = (bytes: number): string => `${(bytes / MiB).toFixed(1)} MiB`;

/** Bytes that decode as nothing, like the garbage frames a broken or hostile peer sends. */
function garbage(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 4096) bytes[i] = (seed + i) & 0xff;
  return bytes;
}

describe("bounded mailbox storage", () => {
  it("keeps a bounded prefix of each dead message, with its full length and hash, under a flood of large frames", () => {
    const path = join(tempDir(), "m.db");
    const mailbox = SqliteMailbox.open(path, memoryLogger());
    const frames = Array.from({ length: 8 }, (_, i) => garbage(8 * MiB, i));
    let peak = 0;
    for (const data of frames) {
      mailbox.deadLetter({ reason: "undecodable frame", payloadType: 0, sender: undefined, routeKey: undefined, requestId: undefined, data });
      peak = Math.max(peak, bytesOnDisk(path));
    }
    console.log(`8 dead frames of 8 MiB: mailbox peaked at ${mb(peak)} on disk`);
    expect(peak).toBeLessThan(2 * MiB);
    const letters = mailbox.deadLetters();
    expect(letters).toHaveLength(8);
    letters.forEach((letter, i) => {
      const data = frames[i]!;
      expect(letter.dataLength).toBe(data.byteLength);
      expect(letter.dataSha256).toBe(createHash("sha256").update(data).digest("hex"));
      expect(letter.dataPrefix?.byteLength).toBe(4096);
      expect(Buffer.from(letter.dataPrefix!).equals(data.subarray(0, 4096))).toBe(true);
    });
    mailbox.close();
  });

  it("bounds the dead-letter table in rows, dropping the oldest first", () => {
    const path = join(tempDir(), "m.db");
    const mailbox = SqliteMailbox.open(path, memoryLogger(), { maxDeadLetters: 100 });
    for (let i = 0; i < 250; i++) {
      mailbox.deadLetter({ reason: `frame ${i}`, payloadType: 0, sender: undefined, routeKey: undefined, requestId: undefined, data: garbage(64, i) });
    }
    const reasons = mailbox.deadLetters().map((letter) => letter.reason);
    expect(reasons).toHaveLength(100);
    expect(reasons[0]).toBe("frame 150");
    expect(reasons.at(-1)).toBe("frame 249");
    mailbox.close();
  });

  it("bounds stored results in bytes, oldest first, and gives the space back", () => {
    const path = join(tempDir(), "m.db");
    const mailbox = SqliteMailbox.open(path, memoryLogger(), { maxResultBytes: 8 * MiB });
    const reply = garbage(1 * MiB, 1);
    let peak = 0;
    for (let i = 0; i < 128; i++) {
      mailbox.storeResult(new Uint8Array([1]), `r${i}`, { payload: reply, error: undefined });
      mailbox.flush();
      peak = Math.max(peak, bytesOnDisk(path));
    }
    // The newest are kept, the oldest dropped.
    expect(mailbox.storedResultBytes).toBeLessThanOrEqual(8 * MiB);
    mailbox.close();
    const closed = bytesOnDisk(path);
    console.log(`128 stored results of 1 MiB under an 8 MiB bound: peak ${mb(peak)} on disk (file and WAL), ${mb(closed)} once closed`);
    // The WAL checkpoints every 10,000 pages (~40 MiB), which bounds it on top of the results.
    expect(peak).toBeLessThan(8 * MiB + 48 * MiB);
    expect(closed).toBeLessThan(12 * MiB);
  });

  it("upgrades a file of the earlier schema: its dead letters keep their data and gain length and hash; free space can be given back", () => {
    const path = join(tempDir(), "old.db");
    const old = new Database(path);
    old.exec(`CREATE TABLE dead_letters (id INTEGER PRIMARY KEY, reason TEXT NOT NULL, payload_type INTEGER, sender BLOB, route_key TEXT, request_id TEXT, data BLOB, failed_at INTEGER NOT NULL);
              INSERT INTO dead_letters (reason, data, failed_at) VALUES ('old', x'0102', 1);`);
    old.close();
    const mailbox = SqliteMailbox.open(path, memoryLogger());
    mailbox.deadLetter({ reason: "new", payloadType: 0, sender: undefined, routeKey: undefined, requestId: undefined, data: new Uint8Array([3]) });
    expect(mailbox.deadLetters().map(({ reason, dataLength, dataSha256 }) => ({ reason, dataLength, dataSha256 }))).toEqual([
      { reason: "old", dataLength: 2, dataSha256: createHash("sha256").update(new Uint8Array([1, 2])).digest("hex") },
      { reason: "new", dataLength: 1, dataSha256: createHash("sha256").update(new Uint8Array([3])).digest("hex") },
    ]);
    mailbox.close();
    const reopened = new Database(path, { readonly: true });
    expect(reopened.pragma("auto_vacuum", { simple: true })).toBe(2);
    reopened.close();
  });
});
