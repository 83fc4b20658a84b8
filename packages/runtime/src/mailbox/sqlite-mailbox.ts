import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { Direction } from "@actr/protocol";
import { PayloadType } from "../common/payload-type.js";
import type { Logger } from "../common/logger.js";
import { IN_MEMORY_MAILBOX } from "../config/defaults.js";
import { Origin } from "./inbox-message.js";
import type { ClaimedMessage, DeadLetter, InboxMessage, StoredResult } from "./inbox-message.js";
import { CLAIM_SQL, MAILBOX_SCHEMA } from "./mailbox-schema.js";

/** How long a stored result answers a repeated request_id; longer than any sensible call timeout. */
const RESULT_RETENTION_MS = 10 * 60_000;
const PRUNE_EVERY_MS = 60_000;
/** Rows one claim query reads ahead; later claims take them from memory until something new arrives. */
const CLAIM_WINDOW = 32;

type ClaimRow = [
  seq: number,
  kind: number,
  origin: number,
  sender: Uint8Array | null,
  requestId: string,
  routeKey: string,
  payload: Uint8Array,
  payloadType: number,
  timeoutMs: number,
  storedId: string | null,
  storedPayload: Uint8Array | null,
  storedCode: number | null,
  storedMessage: string | null,
];

interface PendingResult {
  readonly requestId: string;
  readonly result: StoredResult;
}

/**
 * The durable State Path inbox on SQLite (WAL). Writes are group-committed: enqueues, stored
 * results and acks made in one event-loop turn share one transaction, flushed before the next
 * claim (so a message is on disk before its handler runs) or at the end of the turn.
 * A message is deleted only by `ack`, after its handler finished and its reply was sent; what is
 * still in the table after a crash is claimed again on the next start.
 */
export class SqliteMailbox {
  readonly path: string;
  readonly #db: Database.Database;
  readonly #insert: Database.Statement;
  readonly #claim: Database.Statement<[limit: number], ClaimRow>;
  readonly #delete: Database.Statement;
  readonly #storeResult: Database.Statement;
  readonly #insertDeadLetter: Database.Statement;
  readonly #prune: Database.Statement;
  readonly #writeBatch: () => void;
  readonly #logger: Logger;
  #inserts: InboxMessage[] = [];
  #results: PendingResult[] = [];
  #acks: number[] = [];
  #flushHandle: NodeJS.Immediate | undefined;
  #lastPrune = 0;
  /** The next messages in claim order, read ahead: still valid after reliable inserts, which queue behind them. */
  // #inserted: everything committed since the last refill, in seq order.
  #window: ClaimedMessage[] = [];
  #inserted: ClaimedMessage[] = [];
  #signalPending = false;
  #windowStale = false;
  #next = 0;
  #windowIsAll = false;
  #listener: (() => void) | undefined;
  #closed = false;

  /** Opens (creating folders, file and tables as needed) the mailbox at `path`, or ":memory:". */
  static open(path: string, logger: Logger): SqliteMailbox {
    if (path !== IN_MEMORY_MAILBOX) mkdirSync(dirname(path), { recursive: true });
    return new SqliteMailbox(path, new Database(path), logger);
  }

  private constructor(path: string, db: Database.Database, logger: Logger) {
    this.path = path;
    this.#db = db;
    this.#logger = logger;
    db.pragma("journal_mode = WAL");
    // With WAL, NORMAL loses nothing on a process crash; only an OS crash may drop the last commits.
    db.pragma("synchronous = NORMAL");
    db.exec(MAILBOX_SCHEMA);
    this.#insert = db.prepare(
      `INSERT INTO messages (priority, kind, origin, sender, request_id, route_key, payload, payload_type, timeout_ms, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#claim = db.prepare<[limit: number], ClaimRow>(CLAIM_SQL).raw(true);
    this.#delete = db.prepare("DELETE FROM messages WHERE seq = ?");
    this.#storeResult = db.prepare(
      "INSERT OR REPLACE INTO results (request_id, payload, error_code, error_message, stored_at) VALUES (?, ?, ?, ?, ?)",
    );
    this.#insertDeadLetter = db.prepare(
      `INSERT INTO dead_letters (reason, payload_type, sender, route_key, request_id, data, failed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#prune = db.prepare("DELETE FROM results WHERE stored_at < ?");
    this.#writeBatch = db.transaction(() => this.#write());
  }

  /** Called after every enqueue (the scheduler wakes up on it). */
  onEnqueue(listener: () => void): void {
    this.#listener = listener;
  }

  enqueue(message: InboxMessage): void {
    this.#assertOpen();
    this.#inserts.push(message);
    if (message.payloadType === PayloadType.RpcSignal) this.#signalPending = true;
    this.#flushSoon();
    this.#listener?.();
  }

  /**
   * The next message in priority order (RPC_SIGNAL first, FIFO within a priority); it stays in
   * the table until acked. Each call hands out the following message, so ack before claiming again.
   */
  claim(): ClaimedMessage | undefined {
    if (this.#signalPending || this.#results.length > 0 || this.#windowStale) {
      // A signal may outrank the rows read ahead (a reliable insert never does: it queues behind
      // them), and a stored result may answer a row read ahead: read again.
      this.flush();
      this.#window = [];
      this.#windowIsAll = false;
    }
    if (this.#next >= this.#window.length) {
      if (this.#windowIsAll && this.#inserts.length === 0) return undefined;
      this.#refill();
    }
    return this.#window[this.#next++];
  }

  /**
   * Reads the next rows ahead. New messages are committed first, so a handler never sees one that
   * is not on disk. When the last window held every row, the table now holds only what was just
   * inserted, so the window is built from memory instead of a query (the one-call-at-a-time case).
   */
  #refill(): void {
    const tableWasDrained = this.#windowIsAll;
    this.flush();
    const inserted = this.#inserted;
    this.#inserted = [];
    this.#windowStale = false;
    if (tableWasDrained && inserted.length < CLAIM_WINDOW && inserted.every((m) => m.origin !== Origin.Remote)) {
      this.#window = inserted.filter((m) => m.payloadType === PayloadType.RpcSignal).concat(inserted.filter((m) => m.payloadType !== PayloadType.RpcSignal));
    } else {
      // Remote messages may repeat a request_id with a stored result: the query joins it.
      this.#window = this.#claim.all(CLAIM_WINDOW).map(toClaimed);
    }
    this.#next = 0;
    this.#windowIsAll = this.#window.length < CLAIM_WINDOW;
  }

  /** Removes a handled message (committed with the rest of this turn's writes). */
  ack(seq: number): void {
    this.#acks.push(seq);
    this.#flushSoon();
  }

  /** Keeps the outcome of `requestId`; call `flush()` when it must be on disk before going on. */
  storeResult(requestId: string, result: StoredResult): void {
    this.#results.push({ requestId, result });
    this.#flushSoon();
  }

  /** Moves a message (or bytes that never became one) to the dead-letter table, at once. */
  deadLetter(letter: DeadLetter, seq?: number): void {
    this.#assertOpen();
    this.flush();
    this.#db.transaction(() => {
      this.#insertDeadLetter.run(
        letter.reason,
        letter.payloadType ?? null,
        letter.sender ?? null,
        letter.routeKey ?? null,
        letter.requestId ?? null,
        letter.data ?? null,
        Date.now(),
      );
      if (seq !== undefined) this.#delete.run(seq);
    })();
  }

  /** Commits every write made so far. */
  flush(): void {
    if (this.#inserts.length === 0 && this.#results.length === 0 && this.#acks.length === 0) return;
    this.#writeBatch();
  }

  /** Messages waiting (or in progress) on disk, after a flush. */
  size(): number {
    this.flush();
    return (this.#db.prepare("SELECT count(*) FROM messages").pluck().get() as number) ?? 0;
  }

  deadLetters(): DeadLetter[] {
    type Row = { reason: string; payload_type: number | null; sender: Uint8Array | null; route_key: string | null; request_id: string | null; data: Uint8Array | null };
    const rows = this.#db.prepare("SELECT reason, payload_type, sender, route_key, request_id, data FROM dead_letters ORDER BY id").all() as Row[];
    return rows.map((row) => ({
      reason: row.reason,
      payloadType: row.payload_type ?? undefined,
      sender: row.sender ?? undefined,
      routeKey: row.route_key ?? undefined,
      requestId: row.request_id ?? undefined,
      data: row.data ?? undefined,
    }));
  }

  /** Commits what is pending and closes the file; messages not acked stay for the next start. */
  close(): void {
    if (this.#closed) return;
    if (this.#flushHandle !== undefined) clearImmediate(this.#flushHandle);
    this.#flushHandle = undefined;
    try {
      this.flush();
    } finally {
      this.#closed = true;
      this.#db.close();
    }
  }

  #write(): void {
    const now = Date.now();
    for (const m of this.#inserts) {
      const { lastInsertRowid } = this.#insert.run(m.payloadType === PayloadType.RpcSignal ? 1 : 0, m.kind, m.origin, m.sender ?? null, m.requestId, m.routeKey, m.payload, m.payloadType, m.timeoutMs, now);
      this.#inserted.push({ ...m, seq: Number(lastInsertRowid), stored: undefined });
    }
    if (this.#results.length > 0) this.#windowStale = true;
    for (const { requestId, result } of this.#results) {
      this.#storeResult.run(requestId, result.payload ?? null, result.error?.code ?? null, result.error?.message ?? null, now);
    }
    for (const seq of this.#acks) this.#delete.run(seq);
    if (now - this.#lastPrune > PRUNE_EVERY_MS) {
      this.#prune.run(now - RESULT_RETENTION_MS);
      this.#lastPrune = now;
    }
    this.#inserts.length = 0;
    this.#signalPending = false;
    this.#results.length = 0;
    this.#acks.length = 0;
  }

  #flushSoon(): void {
    if (this.#flushHandle === undefined) this.#flushHandle = setImmediate(this.#flushAtTurnEnd);
  }

  readonly #flushAtTurnEnd = (): void => {
    this.#flushHandle = undefined;
    if (this.#closed) return;
    try {
      this.flush();
    } catch (error) {
      // Nothing is lost: the writes stay queued and the next claim or turn retries them.
      this.#logger.error(`Mailbox ${this.path}: commit failed, will retry`, error);
    }
  };

  #assertOpen(): void {
    if (this.#closed) throw new Error(`Mailbox ${this.path} is closed`);
  }
}

function toClaimed(row: ClaimRow): ClaimedMessage {
  const [seq, kind, origin, sender, requestId, routeKey, payload, payloadType, timeoutMs, storedId, storedPayload, storedCode, storedMessage] = row;
  return {
    seq,
    kind: kind as Direction.REQUEST | Direction.TELL,
    origin: origin as Origin,
    sender: sender ?? undefined,
    requestId,
    routeKey,
    payload,
    payloadType: payloadType as PayloadType,
    timeoutMs,
    stored:
      storedId === null
        ? undefined
        : {
            payload: storedPayload ?? undefined,
            error: storedCode === null ? undefined : { code: storedCode, message: storedMessage ?? "" },
          },
  };
}
