import { realpathSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import Database from "better-sqlite3";

/** The mailbox file is held by another live actor, in this process or another. */
export class MailboxInUseError extends Error {
  override name = "MailboxInUseError";

  constructor(
    readonly path: string,
    /** The pid the holder recorded, when it could be read. */
    readonly holderPid: number | undefined,
  ) {
    const holder = holderPid === undefined ? "another process" : holderPid === process.pid ? `this process (pid ${holderPid})` : `process pid ${holderPid}`;
    super(
      `Mailbox ${path} is in use by ${holder}: one mailbox file serves one actor. ` +
        `Stop that actor first, or give this one its own [system.storage] mailbox_path in Actr.toml`,
    );
  }
}

/**
 * Makes a mailbox file one actor's: an exclusive SQLite lock on the side file `<mailbox>-lock`,
 * held by the returned connection until it is closed. It is an OS file lock, so it works across
 * processes and the OS drops it when its holder dies, even by kill -9, leaving nothing stale to
 * clean up; SQLite also tracks it between connections of one process. The lock file is never
 * written or read by anything else: closing another descriptor of it would drop a POSIX lock.
 */
export function lockMailbox(path: string): Database.Database {
  const lockPath = join(realpathSync(dirname(path)), `${basename(path)}-lock`);
  // No busy wait: a holder that is alive keeps the lock for as long as it runs.
  const lock = new Database(lockPath, { timeout: 0 });
  try {
    lock.pragma("journal_mode = MEMORY");
    lock.pragma("locking_mode = EXCLUSIVE");
    // With locking_mode EXCLUSIVE the lock a write transaction takes is kept after it ends.
    lock.exec("BEGIN EXCLUSIVE; COMMIT");
    return lock;
  } catch (error) {
    lock.close();
    if (isBusy(error)) throw new MailboxInUseError(path, readHolderPid(path));
    throw error;
  }
}

/** The pid the holding actor wrote into the mailbox (`owner` table) after it took the lock. */
function readHolderPid(path: string): number | undefined {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true, timeout: 1000 });
    try {
      const pid = db.prepare("SELECT pid FROM owner").pluck().get();
      return typeof pid === "number" ? pid : undefined;
    } finally {
      db.close();
    }
  } catch {
    // The holder may not have created the file or its owner row yet.
    return undefined;
  }
}

function isBusy(error: unknown): boolean {
  return error instanceof Database.SqliteError && (error.code === "SQLITE_BUSY" || error.code === "SQLITE_LOCKED");
}
