import { renameSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { watchProtos } from "../src/gen/watch-protos.js";
import type { WatchRun } from "../src/gen/watch-protos.js";
import { ECHO_PROTO, Project } from "./project.js";

const projects: Project[] = [];
const watchers: AbortController[] = [];
afterEach(() => {
  // Watching stops before the folders go, even when a test failed halfway.
  watchers.splice(0).forEach((stop) => stop.abort());
  projects.splice(0).forEach((project) => project.remove());
});

/** Collects the runs of a watcher and lets a test wait for the next one. */
class Runs {
  readonly all: WatchRun[] = [];
  private waiting: (() => void) | undefined;

  readonly onRun = (run: WatchRun): void => {
    this.all.push(run);
    this.waiting?.();
  };

  async next(count: number): Promise<WatchRun> {
    while (this.all.length < count) await new Promise<void>((resolve) => (this.waiting = resolve));
    return this.all[count - 1]!;
  }
}

describe("actr gen --watch", () => {
  it("generates again after a proto changes, reports errors without stopping, and stops on abort", async () => {
    const project = new Project({ "local/echo.proto": ECHO_PROTO });
    projects.push(project);
    const runs = new Runs();
    const stop = new AbortController();
    watchers.push(stop);
    const watching = watchProtos({ input: project.input, output: project.output }, { signal: stop.signal, onRun: runs.onRun, debounceMs: 50 });

    expect((await runs.next(1)).ok).toBe(true);
    expect(project.read("generated/local/echo_pb.ts")).not.toContain("count");

    project.write("protos/local/echo.proto", ECHO_PROTO.replace("string reply = 1;", "string reply = 1; int32 count = 2;"));
    expect((await runs.next(2)).ok).toBe(true);
    expect(project.read("generated/local/echo_pb.ts")).toContain("count: number");

    // Saved the way many editors save: a new file renamed over the old one.
    project.write("protos/local/.echo.proto.swp", ECHO_PROTO.replace("string reply = 1;", "string reply = ;"));
    renameSync(join(project.input, "local/.echo.proto.swp"), join(project.input, "local/echo.proto"));
    const failed = await runs.next(3);
    expect(failed.ok).toBe(false);
    expect(failed.ok ? "" : String(failed.error)).toMatch(/local\/echo\.proto:\d+:\d+/);
    // A failed run leaves the last good output in place.
    expect(project.read("generated/local/echo_pb.ts")).toContain("count: number");

    // After a rename the file is still watched, and so is a folder created later.
    project.write("protos/local/echo.proto", ECHO_PROTO);
    expect((await runs.next(4)).ok).toBe(true);
    project.write("protos/local/more/extra.proto", 'syntax = "proto3";\npackage extra;\nmessage Extra { string note = 1; }\n');
    expect((await runs.next(5)).ok).toBe(true);
    expect(project.read("generated/local/more/extra_pb.ts")).toContain("note: string");

    // Other files in the input folder do not trigger a run.
    project.write("protos/README.md", "not a proto\n");
    await sleep(300);
    stop.abort();
    await watching;
    expect(runs.all).toHaveLength(5);
  });
});
