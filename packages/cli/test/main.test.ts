import { spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const ACTR_BIN = new URL("../bin/actr.js", import.meta.url).pathname;
const MANIFEST = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function actr(args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [ACTR_BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, ACTR_LOG: "" }, timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("the actr command", () => {
  it("prints its version", () => {
    const run = actr(["--version"], tmpdir());
    expect(run).toMatchObject({ status: 0, stderr: "" });
    expect(run.stdout.trim()).toBe(MANIFEST.version);
  });

  it("actr gen --help says what happens to files of earlier runs in --output", () => {
    const run = actr(["gen", "--help"], tmpdir());
    expect(run.status).toBe(0);
    const help = run.stdout.replace(/\s+/g, " ");
    expect(help).toContain("-o, --output <dir> folder of the generated code, swapped in only when generation succeeds; files of earlier runs stay unless --clean");
    expect(help).not.toContain("replaced as a whole");
  });

  it("actr signaling on a port in use names the port and suggests --port, in one line", async () => {
    const taken = createServer();
    taken.listen(0, "127.0.0.1");
    await once(taken, "listening");
    cleanups.push(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const address = taken.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    const dir = mkdtempSync(join(tmpdir(), "actr-main-test-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

    const run = actr(["signaling", "--port", String(address.port), "--key-file", join(dir, "key")], dir);
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      `actr: Port ${address.port} on 127.0.0.1 is in use: pass --port <another port>, or --port 0 to take a free one`,
    ]);
  });

  it("actr install names ACTR_SIGNALING_URL when the server it points at is unreachable", async () => {
    const free = createServer();
    free.listen(0, "127.0.0.1");
    await once(free, "listening");
    const address = free.address();
    await new Promise<void>((resolve) => free.close(() => resolve()));
    if (address === null || typeof address === "string") throw new Error("no port");
    const dir = mkdtempSync(join(tmpdir(), "actr-main-test-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(
      join(dir, "Actr.toml"),
      '[package]\nname = "caller"\n[package.actr_type]\nmanufacturer = "acme"\nname = "Caller"\n' +
        '[system.signaling]\nurl = "ws://127.0.0.1:8081/signaling/ws"\n[dependencies]\necho = { actr_type = "acme+MyEcho" }\n',
    );
    const run = spawnSync(process.execPath, [ACTR_BIN, "install"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, ACTR_LOG: "", ACTR_SIGNALING_URL: `ws://127.0.0.1:${address.port}/signaling/ws` },
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(`^actr: Cannot reach the signaling server at http://127\\.0\\.0\\.1:${address.port}/ais/register: .*Check ACTR_SIGNALING_URL \\(it overrides \\[system\\.signaling\\] url\\)`),
    );
  });
});
