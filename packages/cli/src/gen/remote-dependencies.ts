import type { DependencyInfo } from "@actr/codegen";
import { readLockFile } from "@actr/runtime/internal";
import { CliError } from "../cli-error.js";

const REMOTE = "remote/";

/**
 * The locked dependencies that the files under remote/<dependency>/ belong to. Every remote file
 * must be listed in Actr.lock.toml, which `actr install` writes along with the file.
 */
export function lockedDependencies(inputFiles: readonly string[], lockPath: string, inputDir: string): DependencyInfo[] {
  const remote = inputFiles.filter((file) => file.startsWith(REMOTE)).map((file) => file.slice(REMOTE.length));
  if (remote.length === 0) return [];
  const lock = readLockFile(lockPath);
  const used = new Map<string, DependencyInfo>();
  for (const path of remote) {
    const dependency = lock?.dependencies.find((candidate) => candidate.files.some((file) => file.path === path));
    if (dependency === undefined) {
      const where = lock === undefined ? `there is no ${lockPath}` : `it has no entry in ${lockPath}`;
      throw new CliError(
        `${inputDir.replace(/[\\/]+$/, "")}/${REMOTE}${path}: ${where}; ` +
          `declare its actor in [dependencies] of Actr.toml and run \`actr install\``,
      );
    }
    used.set(dependency.name, { name: dependency.name, actrType: dependency.actrType, fingerprint: dependency.fingerprint });
  }
  return [...used.values()];
}
