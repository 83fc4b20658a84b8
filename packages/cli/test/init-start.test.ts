import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger, startSignalingServer } from "@actr/signaling";
import { startNode, TS_NODE_ARGS } from "../../../scripts/lib/child-process.js";
import type { Running } from "../../../scripts/lib/child-process.js";
import { initProject } from "../src/init/init-project.js";
import { generate } from "../src/index.js";

const REPO_MODULES = new URL("../../../node_modules", import.meta.url).pathname;
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("npm start of a new stream project", () => {
  it("starts the server and a demo client that prints the chunks it streams, then keeps serving", async () => {
    const root = mkdtempSync(join(tmpdir(), "actr-init-start-"));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const dir = join(root, "ticker");
    initProject({ dir, template: "stream" });
    symlinkSync(REPO_MODULES, join(dir, "node_modules"), "junction");
    await generate({ input: join(dir, "protos"), output: join(dir, "generated") });
    const server = await startSignalingServer({ port: 0, logger: silentLogger });
    cleanups.push(() => server.close());

    // What the project's `npm start` runs, against the workspace sources.
    const actor: Running = startNode([...TS_NODE_ARGS, "--import", "@actr/runtime/report-errors", "main.ts"], {
      cwd: dir,
      env: { ...process.env, ACTR_SIGNALING_URL: server.wsUrl },
    });
    cleanups.push(() => actor.stop());
    await actor.waitForLine(/^ticker keeps serving \(Ctrl-C stops\)$/, 60_000);
    const received = actor.lines.filter((line) => line.startsWith("demo client received"));
    expect(received).toEqual([1, 2, 3].map((n) => expect.stringMatching(new RegExp(`^demo client received #${n}: ticker: chunk ${n} of demo-\\d+$`))));
    expect(actor.lines).toContainEqual(expect.stringMatching(/^demo client: Stream demo-\d+ registered$/));
  }, 90_000);
});
