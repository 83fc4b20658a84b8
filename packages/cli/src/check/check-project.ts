import { existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { actrTypeToString } from "@actr/protocol";
import { ConfigError } from "@actr/runtime";
import { loadConfig } from "@actr/runtime";
import { CONFIG_DEFAULTS, readLockFile } from "@actr/runtime/internal";
import type { LockFile } from "@actr/runtime";
import { CliError } from "../cli-error.js";
import { compileProtos } from "../gen/compile-protos.js";
import { compatReport } from "./compat-report.js";
import { dependencyProblems, remoteFileProblems } from "./lock-problems.js";
import { signalingProblems } from "./signaling-problems.js";

export interface CheckOptions {
  /** Actr.toml; Actr.lock.toml is read next to it. */
  readonly config: string;
  /** Folder of the protos (default: protos/ next to Actr.toml). */
  readonly input?: string;
}

/**
 * Either every problem found, each naming its file, or one line saying what was checked (and,
 * when compat.lock.toml holds negotiations, one line for each).
 */
export type CheckReport =
  | { readonly ok: false; readonly problems: readonly string[] }
  | { readonly ok: true; readonly summary: string; readonly compat?: readonly string[] };

/**
 * `actr check`: validates Actr.toml, Actr.lock.toml and the protos, compares the lock with the
 * signaling server when it can reach it, and writes nothing.
 */
export async function checkProject(options: CheckOptions): Promise<CheckReport> {
  const started = performance.now();
  const configPath = resolve(options.config);
  const input = options.input ?? join(dirname(options.config), "protos");
  const problems: string[] = [];
  // Input errors become problems so that one run lists them all; anything else is a bug and throws.
  const report = (error: unknown): undefined => {
    if (!(error instanceof ConfigError || error instanceof CliError)) throw error;
    problems.push(error.message);
    return undefined;
  };

  const config = await loadConfig(configPath).catch(report);
  const lockPath = config?.lockPath ?? join(dirname(configPath), CONFIG_DEFAULTS.lockFile);
  let lock: LockFile | undefined;
  let lockReadable = true;
  try {
    lock = readLockFile(lockPath);
  } catch (error) {
    lockReadable = false;
    report(error);
  }
  const compiled = await compileProtos({ input }).catch(report);

  if (config !== undefined) {
    for (const path of config.exports.filter((exported) => !existsSync(exported))) {
      problems.push(`${configPath}: exports lists ${relative(config.baseDir, path)}, which does not exist; fix the path or create the file`);
    }
  }
  // An unreadable lock file is reported once, not again for every entry it would have held.
  if (lockReadable && config !== undefined) problems.push(...dependencyProblems(config.dependencies, lock, lockPath));
  if (lockReadable && compiled !== undefined) problems.push(...remoteFileProblems(compiled, lock, lockPath, input));
  const signaling = lockReadable && config !== undefined ? await signalingProblems(config, lock, lockPath) : undefined;
  problems.push(...(signaling?.problems ?? []));
  let compat: string[] = [];
  try {
    compat = compatReport(lockPath, lock);
  } catch (error) {
    report(error);
  }

  if (problems.length > 0 || config === undefined || compiled === undefined) return { ok: false, problems };
  const protos = compiled.inputFiles.length;
  const dependencies = config.dependencies.length;
  return {
    ok: true,
    summary:
      `${actrTypeToString(config.actrType)}, ${protos} ${protos === 1 ? "proto" : "protos"} in ${input}, ` +
      `${dependencies} locked ${dependencies === 1 ? "dependency" : "dependencies"}${signaling?.summary ?? ""} in ${Math.round(performance.now() - started)} ms`,
    ...(compat.length > 0 ? { compat } : {}),
  };
}
