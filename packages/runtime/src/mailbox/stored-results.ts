import type Database from "better-sqlite3";
import type { StoredResult } from "./inbox-message.js";
import { DEFAULT_MAILBOX_LIMITS } from "./mailbox-limits.js";

/** How long a stored result answers a repeated request_id; longer than any sensible call timeout. */
const RESULT_RETENTION_MS = 10 * 60_000;
const PRUNE_EVERY_MS = 60_000;

interface Entry {
  readonly id: number;
  readonly storedAt: number;
  /** Of its payload and error message. */
  readonly bytes: number;
  /** Kept in memory until its row is committed; afterwards read back by id when a repeat asks. */
  pending: StoredResult | undefined;
}

/** A result waiting for the turn's commit. */
export interface ResultRow {
  readonly key: string;
  readonly id: number;
  readonly sender: Uint8Array | undefined;
  readonly requestId: string;
  readonly result: StoredResult;
  readonly storedAt: number;
}

type IndexColumns = [id: number, sender: Uint8Array | null, requestId: string, storedAt: number, bytes: number];
type ResultColumns = [payload: Uint8Array | null, code: number | null, message: string | null];

/**
 * The outcomes of handled remote messages, by (sender, request_id), kept for RESULT_RETENTION_MS
 * within a bound in count (which bounds the in-memory index, ~150 bytes an entry) and in bytes
 * (which bounds the file when replies are large); under sustained load the oldest go first.
 * The table is append-only and keyed by its rowid, because an index on random request ids dirties
 * a page per message; lookups go through an in-memory map of ids instead, filled at open and
 * pruned together with the table (one range delete).
 */
export class StoredResults {
  /** In id order: a key stored again moves to the end. */
  readonly #entries = new Map<string, Entry>();
  readonly #insert: Database.Statement;
  readonly #read: Database.Statement<[id: number], ResultColumns>;
  readonly #prune: Database.Statement<[lastId: number]>;
  #lastId = 0;
  #lastPrune = 0;
  #bytes = 0;

  constructor(
    db: Database.Database,
    private readonly maxResults = DEFAULT_MAILBOX_LIMITS.maxResults,
    private readonly maxBytes = DEFAULT_MAILBOX_LIMITS.maxResultBytes,
  ) {
    this.#insert = db.prepare("INSERT INTO stored_results (id, sender, request_id, payload, error_code, error_message, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    this.#read = db.prepare<[id: number], ResultColumns>("SELECT payload, error_code, error_message FROM stored_results WHERE id = ?").raw(true);
    this.#prune = db.prepare<[lastId: number]>("DELETE FROM stored_results WHERE id <= ?");
    const rows = db
      .prepare("SELECT id, sender, request_id, stored_at, ifnull(length(payload), 0) + ifnull(length(CAST(error_message AS BLOB)), 0) FROM stored_results ORDER BY id")
      .raw(true)
      .all() as IndexColumns[];
    // Rows past retention are loaded too; the first commit prunes them.
    for (const [id, sender, requestId, storedAt, bytes] of rows) {
      this.#set(resultKey(sender ?? undefined, requestId), { id, storedAt, bytes, pending: undefined });
      this.#lastId = id;
    }
  }

  /** The result stored for this request, committed or not. */
  find(sender: Uint8Array | undefined, requestId: string): StoredResult | undefined {
    const entry = this.#entries.get(resultKey(sender, requestId));
    if (entry === undefined) return undefined;
    if (entry.pending !== undefined) return entry.pending;
    const row = this.#read.get(entry.id);
    return row === undefined ? undefined : toStored(row);
  }

  /** Answers repeats at once; the returned row is for `write` in the turn's transaction. */
  remember(sender: Uint8Array | undefined, requestId: string, result: StoredResult): ResultRow {
    const key = resultKey(sender, requestId);
    const row = { key, id: ++this.#lastId, sender, requestId, result, storedAt: Date.now() };
    this.#set(key, { id: row.id, storedAt: row.storedAt, bytes: bytesOf(result), pending: result });
    return row;
  }

  /** Adds or moves `key` to the end. */
  #set(key: string, entry: Entry): void {
    const old = this.#entries.get(key);
    if (old !== undefined) {
      this.#bytes -= old.bytes;
      this.#entries.delete(key);
    }
    this.#entries.set(key, entry);
    this.#bytes += entry.bytes;
  }

  /** Inside the turn's transaction. */
  write(row: ResultRow): void {
    const { payload, error } = row.result;
    this.#insert.run(row.id, row.sender ?? null, row.requestId, payload ?? null, error?.code ?? null, error?.message ?? null, row.storedAt);
  }

  /** After the commit of `rows`: they are read back from the table from now on. */
  committed(rows: readonly ResultRow[]): void {
    for (const row of rows) {
      const entry = this.#entries.get(row.key);
      if (entry?.id === row.id) entry.pending = undefined;
    }
  }

  /**
   * Inside the turn's transaction, at most every PRUNE_EVERY_MS or when a bound is exceeded: drops
   * what is past retention, then the oldest beyond the bounds (down to 90% of an exceeded one, so a
   * busy mailbox does not prune on every commit). The newest result stays, however large.
   */
  prune(now: number): void {
    const tooMany = this.#entries.size > this.maxResults;
    const tooLarge = this.#bytes > this.maxBytes;
    if (!tooMany && !tooLarge && now - this.#lastPrune < PRUNE_EVERY_MS) return;
    this.#lastPrune = now;
    const cutoff = now - RESULT_RETENTION_MS;
    const keep = tooMany ? Math.floor(this.maxResults * 0.9) : this.maxResults;
    const keepBytes = tooLarge ? Math.floor(this.maxBytes * 0.9) : this.maxBytes;
    let lastExpired: number | undefined;
    for (const [key, entry] of this.#entries) {
      if (this.#entries.size === 1) break;
      if (entry.storedAt >= cutoff && this.#entries.size <= keep && this.#bytes <= keepBytes) break;
      lastExpired = entry.id;
      this.#entries.delete(key);
      this.#bytes -= entry.bytes;
    }
    if (lastExpired !== undefined) this.#prune.run(lastExpired);
  }

  /** How many results can answer a repeat right now. */
  get size(): number {
    return this.#entries.size;
  }

  /** Their bytes (payloads and error messages). */
  get bytes(): number {
    return this.#bytes;
  }
}

// The inbound path hands the same bytes object for every message of a sender (see sender-bytes).
const senderKeys = new WeakMap<Uint8Array, string>();

/** Sender ids are a few dozen bytes; as latin1 each byte is one char of the key. */
function resultKey(sender: Uint8Array | undefined, requestId: string): string {
  if (sender === undefined) return requestId;
  let senderKey = senderKeys.get(sender);
  if (senderKey === undefined) {
    senderKey = Buffer.from(sender.buffer, sender.byteOffset, sender.byteLength).toString("latin1");
    senderKeys.set(sender, senderKey);
  }
  return `${requestId}\u0000${senderKey}`;
}

function toStored([payload, code, message]: ResultColumns): StoredResult {
  return { payload: payload ?? undefined, error: code === null ? undefined : { code, message: message ?? "" } };
}

function bytesOf({ payload, error }: StoredResult): number {
  return (payload?.byteLength ?? 0) + (error === undefined ? 0 : Buffer.byteLength(error.message));
}
