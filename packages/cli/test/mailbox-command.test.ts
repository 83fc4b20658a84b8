import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toBinary } from "@bufbuild/protobuf";
import { ActrIdSchema, makeActrId, makeActrType } from "@actr/protocol";
import { consoleLogger, SqliteMailbox } from "@actr/runtime";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../src/index.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** An actor folder whose mailbox holds two dead letters. */
function actorWithDeadLetters(): { config: string; mailbox: string } {
  const dir = mkdtempSync(join(tmpdir(), "actr-mailbox-cmd-"));
  dirs.push(dir);
  const config = join(dir, "Actr.toml");
  writeFileSync(config, `[package]\nname = "echo"\n[package.actr_type]\nmanufacturer = "acme"\nname = "Echo"\n[system.storage]\nmailbox_path = "data/mailbox.db"\n`);
  const path = join(dir, "data", "mailbox.db");
  const mailbox = SqliteMailbox.open(path, consoleLogger("error"));
  const sender = toBinary(ActrIdSchema, makeActrId(1, 42n, makeActrType("acme", "Peer", "1.0.0")));
  mailbox.deadLetter({ reason: "frame header announces 9 data bytes but carries 3", payloadType: 0, sender, routeKey: undefined, requestId: undefined, data: new Uint8Array(10_000).fill(7) });
  mailbox.deadLetter({ reason: "cannot decode EchoRequest", payloadType: 1, sender, routeKey: "echo.EchoService.Echo", requestId: "r-1", data: new Uint8Array([1, 2, 3]) });
  mailbox.close();
  return { config, mailbox: path };
}

async function actr(...args: string[]): Promise<{ out: string; err: string }> {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  const error = vi.spyOn(console, "error").mockImplementation(() => {});
  await main(["node", "actr", ...args]);
  const out = log.mock.calls.map((call) => String(call[0])).join("\n");
  const err = error.mock.calls.map((call) => String(call[0])).join("\n");
  log.mockRestore();
  error.mockRestore();
  return { out, err };
}

describe("actr mailbox dead-letters", () => {
  it("lists the dead letters of the actor's mailbox, then purges them", async () => {
    const { config, mailbox } = actorWithDeadLetters();
    const listed = await actr("mailbox", "dead-letters", "--config", config);
    expect(process.exitCode).toBeUndefined();
    expect(listed.out).toContain(`2 dead letters in ${mailbox}`);
    expect(listed.out).toContain("frame header announces 9 data bytes but carries 3");
    expect(listed.out).toContain("10000 bytes");
    expect(listed.out).toContain("route echo.EchoService.Echo, request r-1");
    expect(listed.out).toContain("acme:Peer");

    const purged = await actr("mailbox", "dead-letters", "--config", config, "--purge");
    expect(purged.out).toContain(`Purged 2 dead letters from ${mailbox}`);
    const after = await actr("mailbox", "dead-letters", "--config", config);
    expect(after.out).toContain(`No dead letters in ${mailbox}`);
  });

  it("says where it looked when the actor has no mailbox yet", async () => {
    const { config } = actorWithDeadLetters();
    rmSync(join(config, "..", "data"), { recursive: true });
    const { err } = await actr("mailbox", "dead-letters", "--config", config);
    expect(process.exitCode).toBe(1);
    expect(err).toMatch(/Cannot open the mailbox .*data\/mailbox\.db/);
  });
});
