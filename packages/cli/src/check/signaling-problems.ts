import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LockedDependency, LockFile, RuntimeConfig } from "@actr/runtime";
import { CliError } from "../cli-error.js";
import { connectSignaling, specName, stageDependency } from "../commands/install.js";

/** What comparing the lock file with the signaling server found, and one line on what was compared. */
export interface SignalingComparison {
  readonly problems: readonly string[];
  readonly summary: string;
}

/**
 * Compares each locked dependency with the spec the signaling server holds now, file by file, with
 * the semantic fingerprints `actr install` writes (comments and formatting do not count). An unreachable server or a dependency that is not registered is no problem
 * (the lock may be right): the summary says what could not be compared.
 */
export async function signalingProblems(config: RuntimeConfig, lock: LockFile | undefined, lockPath: string): Promise<SignalingComparison> {
  const locked = config.dependencies.flatMap((dependency) => {
    const entry = lock?.dependencies.find((candidate) => candidate.name === dependency.name);
    return entry === undefined ? [] : [{ dependency, entry }];
  });
  if (config.signaling === undefined || locked.length === 0) return { problems: [], summary: "" };
  const url = config.signaling.url.split("?")[0];
  let client: Awaited<ReturnType<typeof connectSignaling>>;
  try {
    client = await connectSignaling(config);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    return { problems: [], summary: `; signaling server not reachable, lock not compared with it (${error.message})` };
  }
  const problems: string[] = [];
  const absent: string[] = [];
  const staging = mkdtempSync(join(tmpdir(), "actr-check-"));
  try {
    for (const { dependency, entry } of locked) {
      const spec = await client.serviceSpec(specName(dependency)).catch(() => undefined);
      if (spec === undefined || spec.protobufs.length === 0) {
        absent.push(dependency.name);
        continue;
      }
      const changed = changedFiles(entry, await stageDependency(dependency, spec, join(staging, dependency.name)));
      if (changed.length > 0) {
        problems.push(
          `[dependencies] ${dependency.name}: ${entry.actrType} on the signaling server at ${url} changed since ${lockPath} was written ` +
            `(${changed.join(", ")}); run \`actr install\`, then \`actr gen\``,
        );
      }
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
    await client.close("actr check done");
  }
  const compared = locked.length - absent.length;
  const summary =
    `; ${compared} of ${locked.length} locked ${locked.length === 1 ? "dependency" : "dependencies"} compared with ${url}` +
    (absent.length > 0 ? ` (not registered there now: ${absent.join(", ")})` : "");
  return { problems, summary };
}

/** The proto files whose semantic fingerprints differ between the lock and the server, e.g. "changed echo-server/echo.proto". */
function changedFiles(before: LockedDependency, after: LockedDependency): string[] {
  const old = new Map(before.files.map((file) => [file.path, file.fingerprint]));
  const now = new Map(after.files.map((file) => [file.path, file.fingerprint]));
  return [
    ...[...now].filter(([path, print]) => old.has(path) && old.get(path) !== print).map(([path]) => `changed ${path}`),
    ...[...now.keys()].filter((path) => !old.has(path)).map((path) => `new ${path}`),
    ...[...old.keys()].filter((path) => !now.has(path)).map((path) => `gone ${path}`),
  ];
}
