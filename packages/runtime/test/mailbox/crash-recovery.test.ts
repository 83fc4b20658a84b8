import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { useTempDir } from "../support/temp-dir.js";

const tempDir = useTempDir();
const repoRoot = resolve(import.meta.dirname, "../../../..");
const child = join(import.meta.dirname, "../support/crash-child.ts");

interface Child {
  readonly pid: number;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

function start(args: string[]): { proc: ChildProcessWithoutNullStreams; exited: Promise<number | null> } {
  const proc = spawn(process.execPath, ["--conditions=source", "--import", "tsx", child, ...args], { cwd: repoRoot });
  const exited = new Promise<number | null>((done) => proc.once("exit", (code) => done(code)));
  return { proc, exited };
}

function run(args: string[], until: string): Promise<Child> {
  const { proc, exited } = start(args);
  proc.stderr.pipe(process.stderr);
  return new Promise((ready, fail) => {
    let out = "";
    proc.stdout.on("data", (data: Buffer) => {
      out += data.toString();
      if (out.includes(until)) ready({ pid: proc.pid!, kill: (signal) => (proc.kill(signal), exited) });
    });
    void exited.then((code) => fail(new Error(`child exited (${code}) before printing ${until}; stdout: ${out}`)));
  });
}

/** Runs a child that is expected to stop by itself; a child that gets READY instead is stopped and reported. */
async function runToExit(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { proc, exited } = start(args);
  let stdout = "";
  let stderr = "";
  proc.stdout.on("data", (data: Buffer) => {
    stdout += data.toString();
    if (stdout.includes("READY")) setTimeout(() => proc.kill("SIGTERM"), 500);
  });
  proc.stderr.on("data", (data: Buffer) => (stderr += data.toString()));
  return { code: await exited, stdout, stderr };
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe("crash recovery", () => {
  it("handles a message killed mid-handler after restart; none lost, none finished twice", async () => {
    const dir = tempDir();
    const mailbox = join(dir, "mailbox.db");
    const side = join(dir, "side.log");
    const lines = (): string[] => (existsSync(side) ? readFileSync(side, "utf8").trim().split("\n") : []);

    const first = await run(["send", mailbox, side, "m3"], "IN_HANDLER");
    await first.kill("SIGKILL");
    expect(lines()).toEqual(["start m1", "done m1", "start m2", "done m2", "start m3"]);

    const second = await run(["recover", mailbox, side], "READY");
    await waitFor(() => lines().filter((l) => l.startsWith("done")).length === 5, "all five handled");
    expect(await second.kill("SIGTERM")).toBe(0);

    const count = (line: string): number => lines().filter((l) => l === line).length;
    for (const m of ["m1", "m2", "m3", "m4", "m5"]) expect(count(`done ${m}`), m).toBe(1);
    expect(count("start m3")).toBe(2);
    expect(lines().slice(5)).toEqual(["start m3", "done m3", "start m4", "done m4", "start m5", "done m5"]);
  });

  it("refuses a second actor on a mailbox a live actor holds, naming the file and its pid; its successor after kill -9 starts", async () => {
    const dir = tempDir();
    const mailbox = join(dir, "mailbox.db");
    const side = join(dir, "side.log");
    const lines = (): string[] => (existsSync(side) ? readFileSync(side, "utf8").trim().split("\n") : []);

    const first = await run(["send", mailbox, side, "m3"], "IN_HANDLER");
    const intruder = await runToExit(["recover", mailbox, side]);
    expect(intruder.stdout, "the second actor must not start").not.toContain("READY");
    expect(intruder.code).not.toBe(0);
    expect(intruder.stderr).toContain(mailbox);
    expect(intruder.stderr).toContain(`pid ${first.pid}`);
    // Nothing of the first actor's messages ran twice.
    expect(lines()).toEqual(["start m1", "done m1", "start m2", "done m2", "start m3"]);

    await first.kill("SIGKILL");
    const successor = await run(["recover", mailbox, side], "READY");
    await waitFor(() => lines().filter((l) => l.startsWith("done")).length === 5, "all five handled");
    expect(await successor.kill("SIGTERM")).toBe(0);
  });
});
