import type { LockFile } from "@actr/runtime";
import { compatLockPath, readCompatLock } from "@actr/runtime/internal";

/**
 * What compat.lock.toml (next to Actr.lock.toml) holds: one line per dependency that ran against a
 * compatible, not exact, service, and whether the lock still pins what the entry was made for.
 * Empty when there is no such file. A file that cannot be read throws its ConfigError.
 */
export function compatReport(lockPath: string, lock: LockFile | undefined): string[] {
  const path = compatLockPath(lockPath);
  const compat = readCompatLock(path);
  if (compat === undefined) return [];
  return compat.negotiations.map((entry) => {
    const locked = lock?.dependencies.find((dependency) => dependency.name === entry.name);
    const state =
      locked?.fingerprint === entry.lockedFingerprint
        ? "run `actr install` to pin the service that runs, or start one that matches the lock"
        : "stale: Actr.lock.toml pins another fingerprint now, so discovery ignores this entry";
    return `${path}: ${entry.name} (${entry.actrType}) runs with ${entry.resolvedFingerprint} instead of ${entry.lockedFingerprint} (since ${entry.recordedAt}); ${state}`;
  });
}
