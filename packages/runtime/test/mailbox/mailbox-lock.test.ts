import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MailboxInUseError, SqliteMailbox } from "@actr/runtime";
import { memoryLogger, useTempDir } from "../support/temp-dir.js";

const tempDir = useTempDir();

describe("one actor per mailbox file", () => {
  it("refuses a second open of a held mailbox, naming the file and the holder, and allows it once closed", () => {
    const path = join(tempDir(), "m.db");
    const first = SqliteMailbox.open(path, memoryLogger());
    let refused: unknown;
    try {
      SqliteMailbox.open(path, memoryLogger()).close();
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(MailboxInUseError);
    const inUse = refused as MailboxInUseError;
    expect(inUse.path).toBe(path);
    expect(inUse.holderPid).toBe(process.pid);
    expect(inUse.message).toContain(path);
    expect(inUse.message).toContain(String(process.pid));
    // The refused open closed its own handle of the lock file; the holder still holds it.
    expect(() => SqliteMailbox.open(path, memoryLogger())).toThrow(MailboxInUseError);
    first.close();
    const second = SqliteMailbox.open(path, memoryLogger());
    second.close();
  });

  it("leaves in-memory mailboxes unlocked", () => {
    const a = SqliteMailbox.open(":memory:", memoryLogger());
    const b = SqliteMailbox.open(":memory:", memoryLogger());
    a.close();
    b.close();
  });
});
