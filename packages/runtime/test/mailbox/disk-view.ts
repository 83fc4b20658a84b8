import Database from "better-sqlite3";
import type { StoredResult } from "@actr/runtime";

type ResultRow = [sender: Uint8Array | null, requestId: string, payload: Uint8Array | null, code: number | null, message: string | null];

/** A second, read-only connection: it sees only what the mailbox has committed. */
export class DiskView {
  readonly #db: Database.Database;
  readonly #messages: Database.Statement<[], Uint8Array>;
  readonly #results: Database.Statement<[], ResultRow>;
  readonly #deadLetters: Database.Statement<[], number>;

  constructor(path: string) {
    this.#db = new Database(path, { readonly: true });
    this.#messages = this.#db.prepare<[], Uint8Array>("SELECT payload FROM messages ORDER BY seq").pluck();
    this.#results = this.#db.prepare<[], ResultRow>("SELECT sender, request_id, payload, error_code, error_message FROM stored_results ORDER BY id").raw();
    this.#deadLetters = this.#db.prepare<[], number>("SELECT count(*) FROM dead_letters").pluck();
  }

  /** The uids of the messages in the table, ascending. */
  messages(): number[] {
    return this.#messages
      .all()
      .map(uidOf)
      .sort((a, b) => a - b);
  }

  /** The value of the newest result row of each (sender, request_id), as a repeat would be answered. */
  latestResults(valueOf: (stored: StoredResult) => number): Map<string, number> {
    const latest = new Map<string, number>();
    for (const [sender, requestId, payload, code, message] of this.#results.all()) {
      const stored: StoredResult = { payload: payload ?? undefined, error: code === null ? undefined : { code, message: message ?? "" } };
      latest.set(resultKey(sender?.[0] ?? -1, requestId), valueOf(stored));
    }
    return latest;
  }

  deadLetters(): number {
    return this.#deadLetters.get() ?? 0;
  }

  close(): void {
    this.#db.close();
  }
}

/** Model messages carry their uid as the payload. */
export function uidOf(payload: Uint8Array): number {
  return Number(new TextDecoder().decode(payload));
}

export function resultKey(sender: number, requestId: string): string {
  return `${sender}/${requestId}`;
}
