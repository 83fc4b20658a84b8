// Finds programs that tests drive from the operating system (Chromium, coturn), which npm cannot install.
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * The path of `name` on PATH (or the first of `candidates` that exists), or undefined. A test
 * that needs it skips without it, except under CI=true, where `.ci/run` installs it and its
 * absence is a failure rather than a silent skip.
 */
export function systemBinary(name: string, debianPackage: string, candidates: readonly string[] = []): string | undefined {
  const found = [...candidates, ...(process.env["PATH"] ?? "").split(delimiter).filter((dir) => dir !== "").map((dir) => join(dir, name))].find(isExecutable);
  if (found !== undefined) return found;
  const hint = `${name} is not installed (Debian: apt-get install -y ${debianPackage})`;
  if (process.env["CI"] === "true") throw new Error(`${hint}; CI must install it before the tests`);
  console.warn(`Skipping the tests that need ${name}: ${hint}`);
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
