import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { MAILBOX_SCHEMA } from "../../src/mailbox/mailbox-schema.js";
import { StoredResults } from "../../src/mailbox/stored-results.js";

const sender = new Uint8Array([1, 2, 3]);
const rowCount = (db: Database.Database): number => db.prepare("SELECT count(*) FROM stored_results").pluck().get() as number;

function store(db: Database.Database, results: StoredResults, count: number, now: number): void {
  db.transaction(() => {
    const rows = Array.from({ length: count }, (_, i) => results.remember(sender, `r${i}`, { payload: new Uint8Array([i % 256]), error: undefined }));
    for (const row of rows) results.write(row);
    results.prune(now);
    results.committed(rows);
  })();
}

describe("stored results", () => {
  it("keeps at most its bound in memory and on disk, dropping the oldest first", () => {
    const db = new Database(":memory:");
    db.exec(MAILBOX_SCHEMA);
    const results = new StoredResults(db, 100);
    store(db, results, 150, Date.now());
    expect(results.size).toBe(90);
    expect(rowCount(db)).toBe(90);
    expect(results.find(sender, "r0")).toBeUndefined();
    expect([...(results.find(sender, "r149")?.payload ?? [])]).toEqual([149]);
  });

  it("reloads what a restart finds on disk", () => {
    const db = new Database(":memory:");
    db.exec(MAILBOX_SCHEMA);
    store(db, new StoredResults(db, 100), 10, Date.now());
    const reopened = new StoredResults(db, 100);
    expect(reopened.size).toBe(10);
    expect([...(reopened.find(sender, "r3")?.payload ?? [])]).toEqual([3]);
    expect(reopened.find(new Uint8Array([9]), "r3")).toBeUndefined();
  });
});
