import { mkdirSync } from "node:fs";
import { dirname, join, parse } from "node:path";
import Database from "better-sqlite3";

/** One registration as stored: the encoded RegisterRequest and its lifecycle. */
export interface StoredActor {
  /** ActrId string form. */
  readonly key: string;
  /** Encoded RegisterRequest holding what the actor registered with. */
  readonly registration: Uint8Array;
  readonly registeredAtMs: number;
  /** Whether the actor ever opened its signaling socket. */
  readonly connected: boolean;
  /** When the last renewal token issued to it expires; after that nothing can bring it back. */
  readonly renewableUntilMs: number;
}

/** An unregistered actor whose credential is refused until `untilMs`. */
export interface StoredRemoval {
  readonly key: string;
  readonly untilMs: number;
}

/** `<dir>/<key file name without extension>.registry.sqlite`, next to the key file it belongs to. */
export function registryStorePath(keyFile: string): string {
  const { dir, name } = parse(keyFile);
  return join(dir, `${name}.registry.sqlite`);
}

// How long a change may wait for others to share its commit; a crash loses at most this much.
const GROUP_COMMIT_MS = 5;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS actors (
    key TEXT PRIMARY KEY,
    registration BLOB NOT NULL,
    registered_at_ms INTEGER NOT NULL,
    connected INTEGER NOT NULL,
    renewable_until_ms INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS removed (key TEXT PRIMARY KEY, until_ms INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

interface ActorRow {
  key: string;
  registration: Buffer;
  registered_at_ms: number;
  connected: number;
  renewable_until_ms: number;
}

/**
 * The registry on disk (or in memory without a path): one row per change, so a registration costs
 * one small write however many actors are registered. Changes are committed together at most
 * GROUP_COMMIT_MS after the first of them (group commit): a flood of registrations costs one
 * transaction per few milliseconds, not one per registration.
 */
export class RegistryStore {
  private readonly db: Database.Database;
  private readonly statements;
  private pending: (() => void)[] = [];
  private flushing: NodeJS.Timeout | undefined;

  /** `onWriteError` hears of a commit that failed: those changes are missed by the next restart only. */
  constructor(
    path: string | undefined,
    private readonly onWriteError: (error: Error) => void,
  ) {
    const where = path ?? ":memory:";
    try {
      if (path !== undefined) mkdirSync(dirname(path), { recursive: true });
      this.db = new Database(where);
      this.db.pragma("journal_mode = WAL");
      // A power cut may lose the last registrations (their actors register again); a crash loses nothing.
      this.db.pragma("synchronous = NORMAL");
      this.db.exec(SCHEMA);
    } catch (error) {
      throw new Error(
        `Cannot open the signaling registry ${where}: ${(error as Error).message}; ` +
          "fix or delete it (registered actors must then register again)",
      );
    }
    this.statements = {
      putActor: this.db.prepare(
        "INSERT OR REPLACE INTO actors (key, registration, registered_at_ms, connected, renewable_until_ms) VALUES (?, ?, ?, ?, ?)",
      ),
      markConnected: this.db.prepare("UPDATE actors SET connected = 1 WHERE key = ?"),
      renewed: this.db.prepare("UPDATE actors SET renewable_until_ms = ? WHERE key = ?"),
      deleteActor: this.db.prepare("DELETE FROM actors WHERE key = ?"),
      putRemoved: this.db.prepare("INSERT OR REPLACE INTO removed (key, until_ms) VALUES (?, ?)"),
      deleteRemovedBefore: this.db.prepare("DELETE FROM removed WHERE until_ms <= ?"),
      counter: this.db.prepare<[string], { value: number | bigint }>("SELECT value FROM counters WHERE name = ?"),
      putCounter: this.db.prepare("INSERT OR REPLACE INTO counters (name, value) VALUES (?, ?)"),
    };
    this.statements.counter.safeIntegers(true);
  }

  actors(): StoredActor[] {
    const rows = this.db.prepare("SELECT * FROM actors ORDER BY registered_at_ms, rowid").all() as ActorRow[];
    return rows.map((row) => ({
      key: row.key,
      registration: new Uint8Array(row.registration),
      registeredAtMs: row.registered_at_ms,
      connected: row.connected !== 0,
      renewableUntilMs: row.renewable_until_ms,
    }));
  }

  removals(): StoredRemoval[] {
    return (this.db.prepare("SELECT key, until_ms FROM removed").all() as { key: string; until_ms: number }[]).map((row) => ({
      key: row.key,
      untilMs: row.until_ms,
    }));
  }

  /** Stores a new registration and the serial counter it advanced. */
  addActor(actor: StoredActor, lastSerial: bigint): void {
    const { putActor, putCounter } = this.statements;
    this.write(() => {
      putActor.run(actor.key, actor.registration, actor.registeredAtMs, actor.connected ? 1 : 0, actor.renewableUntilMs);
      putCounter.run("last_serial", lastSerial);
    });
  }

  markConnected(key: string): void {
    this.write(() => this.statements.markConnected.run(key));
  }

  renewed(key: string, renewableUntilMs: number): void {
    this.write(() => this.statements.renewed.run(renewableUntilMs, key));
  }

  /** Forgets `key` and remembers its removal until `untilMs`. */
  removeActor(key: string, untilMs: number): void {
    this.write(() => {
      this.statements.deleteActor.run(key);
      this.statements.putRemoved.run(key, untilMs);
    });
  }

  deleteRemovalsBefore(nowMs: number): void {
    this.write(() => this.statements.deleteRemovedBefore.run(nowMs));
  }

  /** The last serial issued by any run on this store, 0 when none. */
  lastSerial(): bigint {
    const row = this.statements.counter.get("last_serial");
    return row === undefined ? 0n : BigInt(row.value);
  }

  /** Commits what is pending now. */
  flush(): void {
    clearTimeout(this.flushing);
    this.flushing = undefined;
    const writes = this.pending;
    this.pending = [];
    if (writes.length === 0) return;
    try {
      this.db.transaction(() => writes.forEach((write) => write()))();
    } catch (error) {
      this.onWriteError(error as Error);
    }
  }

  close(): void {
    this.flush();
    this.db.close();
  }

  private write(change: () => void): void {
    this.pending.push(change);
    this.flushing ??= setTimeout(() => this.flush(), GROUP_COMMIT_MS);
  }
}
