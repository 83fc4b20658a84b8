import { semanticFingerprint } from "@actr/codegen";
import { actrTypeToString, parseActrType } from "@actr/protocol";
import type { DependencyConfig } from "@actr/runtime";
import type { LockFile } from "@actr/runtime";
import type { CompiledProtos } from "../gen/compile-protos.js";

const REMOTE = "remote/";
const FIX = "run `actr install`";

/**
 * What keeps the remote protos from matching Actr.lock.toml: a file under remote/<dependency>/
 * without a lock entry, a locked file that is missing or whose semantic fingerprint changed.
 * `input` is the protos folder as the user named it.
 */
export function remoteFileProblems(compiled: CompiledProtos, lock: LockFile | undefined, lockPath: string, input: string): string[] {
  const shown = (path: string): string => `${input.replace(/[\\/]+$/, "")}/${REMOTE}${path}`;
  const onDisk = new Map(
    compiled.files.filter((file) => file.name.startsWith(REMOTE) && compiled.inputFiles.includes(file.name)).map((file) => [file.name.slice(REMOTE.length), file]),
  );
  const locked = new Map((lock?.dependencies ?? []).flatMap((dependency) => dependency.files.map((file) => [file.path, file.fingerprint] as const)));
  const problems: string[] = [];
  for (const [path, file] of onDisk) {
    const fingerprint = locked.get(path);
    if (fingerprint === undefined) {
      const where = lock === undefined ? `there is no ${lockPath}` : `it has no entry in ${lockPath}`;
      problems.push(`${shown(path)}: ${where}; declare its actor in [dependencies] of Actr.toml and ${FIX}`);
    } else if (semanticFingerprint(file) !== fingerprint) {
      problems.push(`${shown(path)}: stale, it no longer matches its fingerprint in ${lockPath}; ${FIX} to fetch it again`);
    }
  }
  for (const path of locked.keys()) {
    if (!onDisk.has(path)) problems.push(`${shown(path)}: locked in ${lockPath} but missing; ${FIX}`);
  }
  return problems;
}

/** Dependencies of Actr.toml that the lock file lacks or locks as another actor type, and locked ones Actr.toml dropped. */
export function dependencyProblems(dependencies: readonly DependencyConfig[], lock: LockFile | undefined, lockPath: string): string[] {
  const problems: string[] = [];
  for (const dependency of dependencies) {
    const entry = lock?.dependencies.find((candidate) => candidate.name === dependency.name);
    if (entry === undefined) {
      problems.push(`[dependencies] ${dependency.name}: not locked in ${lockPath}; ${FIX}`);
    } else if (!sameBareType(entry.actrType, dependency.actrType.manufacturer, dependency.actrType.name)) {
      problems.push(`[dependencies] ${dependency.name}: Actr.toml asks for ${actrTypeToString(dependency.actrType)} but ${lockPath} locked ${entry.actrType}; ${FIX}`);
    }
  }
  for (const entry of lock?.dependencies ?? []) {
    if (!dependencies.some((dependency) => dependency.name === entry.name)) {
      problems.push(`${lockPath}: dependency ${entry.name} is no longer in [dependencies] of Actr.toml; ${FIX}`);
    }
  }
  return problems;
}

/** The lock file names types as `manufacturer+name`; a version in Actr.toml does not make it stale. */
function sameBareType(locked: string, manufacturer: string, name: string): boolean {
  try {
    const type = parseActrType(locked);
    return type.manufacturer === manufacturer && type.name === name;
  } catch {
    return false;
  }
}
