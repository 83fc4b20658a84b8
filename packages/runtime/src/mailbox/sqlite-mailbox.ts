import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { Direction } from "@actr/protocol";
import { PayloadType } from "../common/payload-type.js";
import type { Logger } from "../common/logger.js";
import { IN_MEMORY_MAILBOX } from "../config/defaults.js";
import { nextArrival } from "./arrival.js";
import { DeadLetterTable } from "./dead-letters.js";
import type { ClaimedMessage, DeadLetter, DeadLetterRecord, InboxMessage, Origin, StoredResult } from "./inbox-message.js";
import { resolveMailboxLimits, type MailboxLimits } from "./mailbox-limits.js";
import { lockMailbox } from "./mailbox-lock.js";
import { lineageFromColumn, lineageToColumn } from "./lineage-column.js";
import { CLAIM_SQL, MAILBOX_SCHEMA, MESSAGES_COLUMNS_ADDED } from "./mailbox-schema.js";
import { StoredResults, type ResultRow } from "./stored-results.js";
import type { Mailbox } from "./mailbox.js";
/** Rows one claim query reads ahead, while the table holds rows that are not in memory. */
const CLAIM_WINDOW = 32;
/** Beyond this many unclaimed rows in memory, the window goes back to reading the table. */
const MAX_WINDOW_IN_MEMORY = 4096;
/** Free pages beyond this many bytes go back to the file system (after bounds dropped rows or a backlog drained). */
const RECLAIM_FREE_BYTES = 8 * 1024 * 1024;
/** The WAL is cut back to this size after a checkpoint, e.g. once a large message has gone through it. */
const WAL_SIZE_LIMIT_BYTES = 48 * 1024 * 1024;

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
  receivedAt: number,
  lineage: string | null,
];

interface PendingInsert {
  readonly message: InboxMessage;
  readonly arrival: number;
}

/**
 * The durable State Path inbox on SQLite (WAL), for messages from remote actors. Writes are
 * group-committed: the enqueues, stored results and acks of one event-loop turn share one
 * transaction at the end of the turn, or as soon as nothing is left to claim. A message can be
 * claimed once its insert is committed, so a handler never runs one that is not on disk; it is
 * deleted only by `ack`, which comes after its reply was sent. What is still in the table after a crash is claimed again on the next start, and
 * a result stored for its sender and request_id answers it without running the handler again.
 */
export class SqliteMailbox implements Mailbox {
  readonly path: string;
  readonly #db: Database.Database;
  /** Holds the file for this actor alone; undefined for ":memory:". */
  readonly #lock: Database.Database | undefined;
  readonly #insert: Database.Statement;
  readonly #claim: Database.Statement<[limit: number], ClaimRow>;
  readonly #delete: Database.Statement;
  readonly #deadLetters: DeadLetterTable;
  readonly #freePages: Database.Statement<[], number>;
  readonly #pageSize: number;
  readonly #stored: StoredResults;
  readonly #writeBatch: (inserts: readonly PendingInsert[], results: readonly ResultRow[], acks: readonly number[], inMemory: boolean) => ClaimedMessage[];
  readonly #logger: Logger;
  #inserts: PendingInsert[] = [];
  #results: ResultRow[] = [];
  #acks: number[] = [];
  #afterCommit: (() => void)[] = [];
  #flushHandle: NodeJS.Immediate | undefined;
  /** Rows read ahead in claim order; `#next` is the first not handed out. */
  #window: ClaimedMessage[] = [];
  #next = 0;
  /**
   * The table may hold rows that are not in the window (always so right after opening). Once a
   * read finds none, rows committed later join the window in memory, without a claim query.
   */
  #tableHasMore = true;
  /** A committed RPC_SIGNAL may outrank rows read ahead: read again before the next claim. */
  #windowStale = false;
  #signalPending = false;
  /** Handed out and not yet acked: still in the table, never handed out twice. */
  readonly #inFlight = new Set<number>();
  /** Arrival stamps of the rows this run inserted and has not handed out yet, by seq. */
  readonly #arrivals = new Map<number, number>();
  #listener: (() => void) | undefined;
  #closed = false;

  /**
   * Opens (creating folders, file and tables as needed) the mailbox at `path`, or ":memory:".
   * Throws MailboxInUseError while another live actor holds the file.
   */
  static open(path: string, logger: Logger, limits?: MailboxLimits): SqliteMailbox {
    const resolved = resolveMailboxLimits(limits);
    if (path === IN_MEMORY_MAILBOX) return new SqliteMailbox(path, new Database(path), undefined, logger, resolved);
    mkdirSync(dirname(path), { recursive: true });
    const lock = lockMailbox(path);
    try {
      return new SqliteMailbox(path, new Database(path), lock, logger, resolved);
    } catch (error) {
      lock.close();
      throw error;
    }
  }

  private constructor(path: string, db: Database.Database, lock: Database.Database | undefined, logger: Logger, limits: Required<MailboxLimits>) {
    this.path = path;
    this.#db = db;
    this.#lock = lock;
    this.#logger = logger;
    useIncrementalVacuum(db, path, logger);
    db.pragma("journal_mode = WAL");
    db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    // With WAL, NORMAL loses nothing on a process crash; only an OS crash may drop the last commits.
    db.pragma("synchronous = NORMAL");
    // Checkpointing (and its fsync) every 10k WAL pages rather than SQLite's 1k writes a page that
    // many commits rewrite (the tail of each table, the claim index) once.
    db.pragma("wal_autocheckpoint = 10000");
    db.exec(MAILBOX_SCHEMA);
    addMissingColumns(db);
    // Read by a second actor that finds the file locked, to name the process holding it.
    db.prepare("INSERT OR REPLACE INTO owner (id, pid, since) VALUES (1, ?, ?)").run(process.pid, Date.now());
    this.#insert = db.prepare(
      `INSERT INTO messages (priority, kind, origin, sender, request_id, route_key, payload, payload_type, timeout_ms, received_at, lineage)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#claim = db.prepare<[limit: number], ClaimRow>(CLAIM_SQL).raw(true);
    this.#delete = db.prepare("DELETE FROM messages WHERE seq = ?");
    this.#deadLetters = new DeadLetterTable(db, limits);
    this.#freePages = db.prepare<[], number>("PRAGMA freelist_count").pluck();
    this.#pageSize = db.pragma("page_size", { simple: true }) as number;
    this.#stored = new StoredResults(db, limits.maxResults, limits.maxResultBytes);
    this.#writeBatch = db.transaction((inserts: readonly PendingInsert[], results: readonly ResultRow[], acks: readonly number[], inMemory: boolean) =>
      this.#write(inserts, results, acks, inMemory),
    );
  }

  /** Called after a commit made new messages claimable (the scheduler wakes up on it). */
  onCommit(listener: () => void): void {
    this.#listener = listener;
  }

  /** Queues a message; it is committed at the end of the turn, or by `flush()`. */
  enqueue(message: InboxMessage): void {
    this.#assertOpen();
    this.#inserts.push({ message, arrival: nextArrival() });
    if (message.payloadType === PayloadType.RPC_SIGNAL) this.#signalPending = true;
    this.#flushSoon();
  }

  /**
   * The message `claim()` would hand out next, in priority order (RPC_SIGNAL first, FIFO within a
   * priority). Pending writes are committed first when nothing committed is left (so a claim
   * right after an enqueue finds it, an inproc message never overtakes a remote one that came
   * first, and replies waiting for their results go out without waiting for the turn's end) or
   * when an enqueue is an RPC_SIGNAL, which may outrank every row read ahead.
   */
  peek(): ClaimedMessage | undefined {
    if (this.#signalPending) this.flush();
    if (this.#windowStale) {
      this.#window = [];
      this.#next = 0;
      this.#tableHasMore = true;
    }
    if (this.#next >= this.#window.length && this.#tableHasMore) this.#refill();
    if (this.#next >= this.#window.length && (this.#inserts.length > 0 || this.#results.length > 0)) {
      this.flush();
      if (this.#tableHasMore) this.#refill();
    }
    return this.#window[this.#next];
  }

  /** Hands out the next message; it stays in the table until acked. */
  claim(): ClaimedMessage | undefined {
    const message = this.peek();
    if (message === undefined) return undefined;
    this.#next++;
    this.#inFlight.add(message.seq);
    this.#arrivals.delete(message.seq);
    // Looked up at claim time, so a result stored after the row was read still counts.
    const stored = this.#stored.find(message.sender, message.requestId);
    return stored === undefined ? message : { ...message, stored };
  }

  #refill(): void {
    // Rows in flight are still in the table; read past them.
    const limit = CLAIM_WINDOW + this.#inFlight.size;
    const rows = this.#claim.all(limit);
    this.#tableHasMore = rows.length === limit;
    this.#window = [];
    for (const row of rows) {
      if (!this.#inFlight.has(row[0])) this.#window.push(toClaimed(row, this.#arrivals.get(row[0]) ?? 0));
    }
    this.#next = 0;
    this.#windowStale = false;
  }

  /** Removes a handled message (committed with the rest of this turn's writes). */
  ack(seq: number): void {
    this.#acks.push(seq);
    this.#flushSoon();
  }

  /** Keeps the outcome of a request from `sender` (committed with the rest of this turn's writes). */
  storeResult(sender: Uint8Array | undefined, requestId: string, result: StoredResult): void {
    this.#results.push(this.#stored.remember(sender, requestId, result));
    this.#flushSoon();
  }

  /** Runs `callback` once every write made so far is committed, e.g. to reply only after the result is on disk. */
  afterCommit(callback: () => void): void {
    this.#afterCommit.push(callback);
    this.#flushSoon();
  }

  /** Moves a message (or bytes that never became one) to the dead-letter table, at once. */
  deadLetter(letter: DeadLetter, seq?: number): void {
    this.#assertOpen();
    this.flush();
    this.#db.transaction(() => {
      this.#deadLetters.add(letter, Date.now());
      if (seq !== undefined) this.#delete.run(seq);
      this.#reclaim();
    })();
    if (seq !== undefined) this.#inFlight.delete(seq);
  }

  /** Commits every write made so far, then runs the afterCommit callbacks. */
  flush(): void {
    const inserts = this.#inserts;
    const results = this.#results;
    const acks = this.#acks;
    if (inserts.length > 0 || results.length > 0 || acks.length > 0) {
      // Cleared only once committed: a failed commit keeps them for the next try.
      const inMemory = !this.#tableHasMore;
      const committed = this.#writeBatch(inserts, results, acks, inMemory);
      this.#inserts = [];
      this.#results = [];
      this.#acks = [];
      this.#signalPending = false;
      this.#stored.committed(results);
      for (const seq of acks) this.#inFlight.delete(seq);
      if (inMemory) this.#extendWindow(committed);
    }
    for (const callback of this.#afterCommit.splice(0)) callback();
    if (inserts.length > 0) this.#listener?.();
  }

  /** Messages waiting (or in progress) on disk, after a flush. */
  size(): number {
    this.flush();
    return (this.#db.prepare("SELECT count(*) FROM messages").pluck().get() as number) ?? 0;
  }

  /** The dead letters kept, oldest first. */
  deadLetters(): DeadLetterRecord[] {
    return this.#deadLetters.list();
  }

  /** Bytes of the stored results that can answer a repeat right now. */
  get storedResultBytes(): number {
    return this.#stored.bytes;
  }

  /** Commits what is pending and closes the file; messages not acked stay for the next start. */
  close(): void {
    if (this.#closed) return;
    if (this.#flushHandle !== undefined) clearImmediate(this.#flushHandle);
    this.#flushHandle = undefined;
    try {
      this.flush();
      this.#db.exec("DELETE FROM owner");
    } finally {
      this.#closed = true;
      this.#db.close();
      this.#lock?.close();
    }
  }

  /** Writes one batch; with `inMemory`, returns the inserted rows as claimable messages. */
  #write(inserts: readonly PendingInsert[], results: readonly ResultRow[], acks: readonly number[], inMemory: boolean): ClaimedMessage[] {
    const now = Date.now();
    const committed: ClaimedMessage[] = [];
    for (const { message: m, arrival } of inserts) {
      const signal = m.payloadType === PayloadType.RPC_SIGNAL;
      const seq = Number(this.#insert.run(priorityOf(m), m.kind, m.origin, m.sender ?? null, m.requestId, m.routeKey, m.payload, m.payloadType, m.timeoutMs, now, lineageToColumn(m.lineage)).lastInsertRowid);
      if (inMemory) {
        committed.push({ kind: m.kind, origin: m.origin, sender: m.sender, requestId: m.requestId, routeKey: m.routeKey, payload: m.payload, payloadType: m.payloadType, timeoutMs: m.timeoutMs, receivedAt: now, seq, stored: undefined, arrival, lineage: m.lineage });
      } else {
        this.#arrivals.set(seq, arrival);
        if (signal) this.#windowStale = true;
      }
    }
    for (const row of results) this.#stored.write(row);
    for (const seq of acks) this.#delete.run(seq);
    this.#stored.prune(now);
    this.#reclaim();
    return committed;
  }

  /** Inside a write transaction: gives free pages back to the file system once there are many. */
  #reclaim(): void {
    if (this.#freePages.get()! * this.#pageSize > RECLAIM_FREE_BYTES) this.#db.pragma("incremental_vacuum");
  }

  /** Adds newly committed rows to the unclaimed part of the window, RPC_SIGNAL first (a stable sort keeps seq order). */
  #extendWindow(committed: readonly ClaimedMessage[]): void {
    if (committed.length === 0) return;
    const window = this.#window.slice(this.#next).concat(committed);
    if (committed.some((m) => m.payloadType === PayloadType.RPC_SIGNAL)) window.sort((a, b) => priorityOf(b) - priorityOf(a));
    this.#next = 0;
    if (window.length <= MAX_WINDOW_IN_MEMORY) {
      this.#window = window;
      return;
    }
    // Too many waiting: leave them to the table and read them in windows again.
    this.#window = [];
    this.#tableHasMore = true;
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

function toClaimed(row: ClaimRow, arrival: number): ClaimedMessage {
  const [seq, kind, origin, sender, requestId, routeKey, payload, payloadType, timeoutMs, receivedAt, lineage] = row;
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
    receivedAt,
    stored: undefined,
    arrival,
    lineage: lineageFromColumn(lineage),
  };
}

function addMissingColumns(db: Database.Database): void {
  const present = new Set((db.prepare("PRAGMA table_info(messages)").all() as { name: string }[]).map((column) => column.name));
  for (const column of MESSAGES_COLUMNS_ADDED) if (!present.has(column.name)) db.exec(column.sql);
}

/** The `priority` column: RPC_SIGNAL rows are claimed first. */
function priorityOf(message: InboxMessage): number {
  return message.payloadType === PayloadType.RPC_SIGNAL ? 1 : 0;
}

/**
 * Lets #reclaim shrink the file. A new file takes the setting before its first table; a file made
 * by an earlier version is rebuilt once (VACUUM), which takes a moment for a large one.
 */
function useIncrementalVacuum(db: Database.Database, path: string, logger: Logger): void {
  const INCREMENTAL = 2;
  if (db.pragma("auto_vacuum", { simple: true }) === INCREMENTAL) return;
  db.pragma(`auto_vacuum = ${INCREMENTAL}`);
  if (db.prepare("SELECT count(*) FROM sqlite_schema").pluck().get() === 0) return;
  logger.info(`Mailbox ${path}: rebuilding the file once so that it can give free space back`);
  db.exec("VACUUM");
}
