import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGNALING_URL_ENV } from "@actr/runtime";
import { silentLogger, startSignalingServer } from "@actr/signaling";
import type { SignalingServer } from "@actr/signaling";
import { ACTR_BIN, TS_NODE_ARGS, runNode, startNode } from "../../../scripts/lib/child-process.js";
import type { Running } from "../../../scripts/lib/child-process.js";

const here = join(import.meta.dirname, "..");
const serverDir = join(here, "server");
const clientDir = join(here, "client");
const GEN = ["gen", "--input", "protos", "--output", "generated", "--language", "typescript"];

describe("echo example: two actor processes and the signaling server", () => {
  let signaling: SignalingServer;
  let server: Running;
  let env: NodeJS.ProcessEnv;
  const state = mkdtempSync(join(tmpdir(), "actr-echo-"));

  beforeAll(async () => {
    for (const dir of [serverDir, clientDir]) rmSync(join(dir, ".actr"), { recursive: true, force: true });
    signaling = await startSignalingServer({ port: 0, keyFile: join(state, "key"), logger: silentLogger });
    env = { ...process.env, [SIGNALING_URL_ENV]: signaling.wsUrl };
    await runNode([ACTR_BIN, ...GEN], { cwd: serverDir, env });
    server = startNode([...TS_NODE_ARGS, "main.ts"], { cwd: serverDir, env });
    await server.waitForLine(/server ready/);
    await runNode([ACTR_BIN, "install"], { cwd: clientDir, env });
    await runNode([ACTR_BIN, ...GEN], { cwd: clientDir, env });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await signaling?.close();
    rmSync(state, { recursive: true, force: true });
  });

  it("discovers the server, calls it, and gets a remote handler error as the same class and code", async () => {
    const lines = await runNode([...TS_NODE_ARGS, "main.ts", "hi", ""], { cwd: clientDir, env });
    expect(lines).toContainEqual(expect.stringMatching(/^client found [0-9a-f]+@1\/acme:EchoService:/));
    expect(lines).toContainEqual(expect.stringMatching(/^client got: echo: hi \(from [0-9a-f]+@1\/acme:EchoClient:0\.1\.0\)$/));
    expect(lines).toContain("client got InvalidArgumentError (code 10005): EchoRequest.message is empty: send some text");
  }, 60_000);

  it("keeps serving after a client is gone", async () => {
    const lines = await runNode([...TS_NODE_ARGS, "main.ts", "again"], { cwd: clientDir, env });
    expect(lines).toContainEqual(expect.stringMatching(/^client got: echo: again/));
    expect(server.child.exitCode).toBeNull();
  }, 60_000);
});
