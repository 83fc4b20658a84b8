import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TS_NODE_ARGS, runNode } from "../../../scripts/lib/child-process.js";

const here = join(import.meta.dirname, "..");

describe("echo-inproc example", () => {
  it("calls its own workload from the app and exits cleanly", async () => {
    rmSync(join(here, ".actr"), { recursive: true, force: true });
    const lines = await runNode([...TS_NODE_ARGS, "src/main.ts", "ping"], { cwd: here });
    expect(lines).toContain("EchoService says: ping");
  }, 60_000);
});
