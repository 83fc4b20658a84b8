import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import type { DeadLetter, DeadLetterRecord } from "./inbox-message.js";
import { DEFAULT_MAILBOX_LIMITS, type ResolvedMailboxLimits } from "./mailbox-limits.js";

type Row = {
  id: number;
  reason: string;
  payload_type: number | null;
  sender: Uint8Array | null;
  route_key: string | null;
  request_id: string | null;
  data: Uint8Array | null;
  data_length: number | null;
  data_sha256: string | null;
  failed_at: number;
};

/**
 * The dead-letter table of a mailbox: what could not be decoded or handled, kept for inspection
 * within bounds, so a peer sending garbage cannot fill the disk. Each letter keeps a prefix of its
 * data with the full length and SHA-256; the table keeps the newest letters within a row and a
 * byte bound.
 */
export class DeadLetterTable {
  readonly #insert: Database.Statement;
  readonly #prune: Database.Statement<[maxRows: number, maxBytes: number]>;
  readonly #list: Database.Statement<[], Row>;
  readonly #purge: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly limits: Pick<ResolvedMailboxLimits, "maxDeadLetters" | "maxDeadLetterBytes" | "deadLetterPrefixBytes">,
  ) {
    migrateDeadLetters(db);
    this.#insert = db.prepare(
      `INSERT INTO dead_letters (reason, payload_type, sender, route_key, request_id, data, data_length, data_sha256, failed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // Rows written before data was cut to a prefix count with all their bytes.
    this.#prune = db.prepare<[number, number]>(
      `DELETE FROM dead_letters WHERE id <= (
         SELECT max(id) FROM (
           SELECT id, row_number() OVER newest AS n, sum(ifnull(length(data), 0) + length(CAST(reason AS BLOB))) OVER newest AS bytes
           FROM dead_letters WINDOW newest AS (ORDER BY id DESC)
         ) WHERE n > ? OR bytes > ?)`,
    );
    this.#list = db.prepare<[], Row>(
      "SELECT id, reason, payload_type, sender, route_key, request_id, data, data_length, data_sha256, failed_at FROM dead_letters ORDER BY id",
    );
    this.#purge = db.prepare("DELETE FROM dead_letters");
  }

  /** Inside a transaction of the caller. */
  add(letter: DeadLetter, now: number): void {
    const data = letter.data;
    const prefix = data?.subarray(0, this.limits.deadLetterPrefixBytes);
    const hash = data === undefined ? null : createHash("sha256").update(data).digest("hex");
    this.#insert.run(letter.reason, letter.payloadType ?? null, letter.sender ?? null, letter.routeKey ?? null, letter.requestId ?? null, prefix ?? null, data?.byteLength ?? null, hash, now);
    this.#prune.run(this.limits.maxDeadLetters, this.limits.maxDeadLetterBytes);
  }

  list(): DeadLetterRecord[] {
    return this.#list.all().map((row) => ({
      id: row.id,
      reason: row.reason,
      payloadType: row.payload_type ?? undefined,
      sender: row.sender ?? undefined,
      routeKey: row.route_key ?? undefined,
      requestId: row.request_id ?? undefined,
      dataPrefix: row.data ?? undefined,
      dataLength: row.data_length ?? row.data?.byteLength,
      dataSha256: row.data_sha256 ?? (row.data === null ? undefined : createHash("sha256").update(row.data).digest("hex")),
      failedAt: new Date(row.failed_at),
    }));
  }

  /** Deletes every dead letter; returns how many there were. */
  purge(): number {
    return this.#purge.run().changes;
  }
}

/**
 * Runs `use` on the dead letters of the mailbox file at `path`, which must exist (`actr mailbox`).
 * Works while the actor runs: SQLite lets the two connections take turns writing.
 */
export function withDeadLetters<T>(path: string, use: (table: DeadLetterTable) => T): T {
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: true });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot open the mailbox ${path} (${why}): the actor has not run there yet, or [system.storage] mailbox_path points elsewhere`, { cause: error });
  }
  try {
    if (db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'dead_letters'").pluck().get() === 0) {
      throw new Error(`${path} is not an actr mailbox: it has no dead_letters table`);
    }
    return use(new DeadLetterTable(db, DEFAULT_MAILBOX_LIMITS));
  } finally {
    db.close();
  }
}

/** Adds the columns a table made by an earlier version lacks. */
function migrateDeadLetters(db: Database.Database): void {
  const columns = new Set((db.prepare("SELECT name FROM pragma_table_info('dead_letters')").pluck().all() as string[]));
  if (!columns.has("data_length")) db.exec("ALTER TABLE dead_letters ADD COLUMN data_length INTEGER");
  if (!columns.has("data_sha256")) db.exec("ALTER TABLE dead_letters ADD COLUMN data_sha256 TEXT");
}
