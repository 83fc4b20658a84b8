import { spawnSync } from "node:child_process";
import { symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, TransportError } from "@actr/runtime";
import { formatStartError, startErrorLine } from "../../src/lifecycle/start-error.js";
import { useTempDir } from "../support/temp-dir.js";

const REPO_MODULES = new URL("../../../../node_modules", import.meta.url).pathname;
const tempDir = useTempDir();

/** A project folder that resolves @actr/* to the workspace sources, as an installed project resolves the packages. */
function project(files: Record<string, string>): string {
  const dir = tempDir();
  symlinkSync(REPO_MODULES, join(dir, "node_modules"), "junction");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, type: "module" }));
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

/** Runs main.ts as `npm start` of an `actr init` project does. */
function start(dir: string, env: NodeJS.ProcessEnv = {}): { status: number | null; stderr: string; stdout: string } {
  const run = spawnSync(
    process.execPath,
    ["--conditions=source", "--import", "tsx", "--import", "@actr/runtime/report-errors", "main.ts"],
    { cwd: dir, encoding: "utf8", env: { ...process.env, ACTR_LOG: "", ACTR_SIGNALING_URL: "", ...env }, timeout: 60_000 },
  );
  return { status: run.status, stderr: run.stderr, stdout: run.stdout };
}

const TOML = `[package]
name = "my-echo"
[package.actr_type]
manufacturer = "acme"
name = "MyEcho"
[system.signaling]
url = "ws://127.0.0.1:9/signaling/ws"
[system.storage]
mailbox_path = ":memory:"
`;

const MAIN = `import { join } from "node:path";
import { ActrSystem, NoServiceWorkload } from "@actr/runtime";
const system = await ActrSystem.fromToml(join(import.meta.dirname, "Actr.toml"));
const ref = await system.attach(new NoServiceWorkload("my-echo")).start();
await ref.shutdown();
`;

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("errors while an actor starts", () => {
  it("are one line with the fix for runtime errors and missing modules, the stack for bugs and with ACTR_LOG=debug", async () => {
    expect(formatStartError(new ConfigError("/app/Actr.toml: package.name is missing. Add it."), {})).toBe(
      "actr: ConfigError: /app/Actr.toml: package.name is missing. Add it. (ACTR_LOG=debug shows the stack)",
    );
    // Node's own wording; the processes below meet the real thing.
    const notFound = (message: string): Error => Object.assign(new Error(message), { code: "ERR_MODULE_NOT_FOUND" });
    expect(startErrorLine(notFound("Cannot find module '/app/generated/echo_actor.js' imported from /app/main.ts"), "/app")).toBe(
      "Cannot find generated/echo_actor.js (imported by main.ts). The generated code is missing: run `npm run gen` (actr gen), then start again.",
    );
    expect(startErrorLine(notFound("Cannot find package '@actr/runtime' imported from /app/main.ts"), "/app")).toBe(
      "Cannot find package @actr/runtime (imported by main.ts). Run `npm install`, then start again.",
    );
    const bug = new TypeError("x is not a function");
    expect(formatStartError(bug, {})).toBe(bug.stack);
    const config = new ConfigError("bad");
    expect(formatStartError(config, { ACTR_LOG: "debug" })).toBe(config.stack);
    expect(formatStartError(new TransportError("gone"), {}).split("\n")).toHaveLength(1);
  });

  it("a project without its generated code says to run npm run gen, in one line, and exits 1", () => {
    const dir = project({ "Actr.toml": TOML, "main.ts": `import "./generated/echo_service_actor.js";\n${MAIN}` });
    const run = start(dir);
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      "actr: Cannot find generated/echo_service_actor.js (imported by main.ts). The generated code is missing: run `npm run gen` (actr gen), then start again. (ACTR_LOG=debug shows the stack)",
    ]);
  });

  it("a bad Actr.toml names the key; ACTR_LOG=debug adds the stack", () => {
    const dir = project({ "Actr.toml": TOML.replace('name = "my-echo"\n', ""), "main.ts": MAIN });
    const run = start(dir);
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^actr: ConfigError: .*Actr\.toml: package\.name/);
    const debug = start(dir, { ACTR_LOG: "debug" });
    expect(debug.status).toBe(1);
    expect(debug.stderr).toMatch(/ConfigError: .*package\.name[^]*\n\s+at /);
  });

  it("an unreachable signaling server names ACTR_SIGNALING_URL when that set the URL", async () => {
    const url = `ws://127.0.0.1:${await closedPort()}/signaling/ws`;
    const dir = project({ "Actr.toml": TOML, "main.ts": MAIN });
    const run = start(dir, { ACTR_SIGNALING_URL: url });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain(`actr: TransportError: Cannot reach the signaling server at http://127.0.0.1:`);
    expect(run.stderr).toContain(`Check ACTR_SIGNALING_URL (it overrides [system.signaling] url) and that the server runs`);
    const fromToml = start(project({ "Actr.toml": TOML.replace("ws://127.0.0.1:9/", `${url.replace("/signaling/ws", "")}/`), "main.ts": MAIN }));
    expect(fromToml.stderr).toContain("Check [system.signaling] url and that the server runs");
  });
});
