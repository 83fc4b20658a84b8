import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { judgeTarget, markTarget } from "./lib/bench-targets.js";

describe("bench targets", () => {
  it.each([
    ["ratio actr / protoc-gen-es:   1.05x (target <= 1.30x)", "met"],
    ["ratio actr / protoc-gen-es:   1.42x (target <= 1.30x)", "missed"],
    ["Shell -> Workload, 64 callers: 25,300 calls/s end to end (target >= 20,000)", "met"],
    ["mailbox enqueue+claim+ack (100/turn): 12,000 msgs/s (target >= 20,000)", "missed"],
    ["actr RPC / grpc-js:  2.00x throughput (target >= 2x)", "met"],
    ["ratio p50 actr / plain:       12x (target p50 < 20 us)", "not judged"],
    ["ratio: 4x; target Shell -> Workload p50 <= 3 us (typed calls): met", "met"],
    ["ratio: 4x; target Shell -> Workload p50 <= 3 us (typed calls): NOT met", "missed"],
  ])("%s -> %s", (line, verdict) => {
    expect(judgeTarget(line)?.verdict).toBe(verdict);
  });

  it("leaves lines without a target alone and marks the others once", () => {
    expect(judgeTarget("input: 451 protos")).toBeUndefined();
    expect(markTarget({ line: "x: 1.5x (target <= 1.30x)", verdict: "missed" })).toBe("x: 1.5x (target <= 1.30x) -> MISSED");
    expect(markTarget({ line: "target p50 <= 3 us: met", verdict: "met" })).toBe("target p50 <= 3 us: met");
  });

  it("npm run bench with an unknown name is an error that lists the benches", () => {
    const run = spawnSync(process.execPath, ["--conditions=source", "--import", "tsx", join(import.meta.dirname, "bench.ts"), "nope"], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^npm run bench: no benchmark named nope; choose from gen, gen-googleapis, runtime, stream, transport/);
  });
});
