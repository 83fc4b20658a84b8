import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { GeneratedOutput } from "./run-plugin.js";

/**
 * Puts `files` in place of the folder `output` in one move: they are written to a temporary
 * sibling first, so that a failure leaves `output` exactly as it was. Without `clean`, files
 * already in `output` that are not generated again are kept.
 */
export function replaceFolder(output: string, files: readonly GeneratedOutput[], clean: boolean): void {
  const parent = dirname(output);
  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(join(parent, `.${basename(output)}.actr-gen-`));
  const previous = `${staging}.previous`;
  try {
    if (!clean && existsSync(output)) cpSync(output, staging, { recursive: true });
    for (const file of files) writeFile(join(staging, file.name), file.content);
    if (existsSync(output)) renameSync(output, previous);
    try {
      renameSync(staging, output);
    } catch (cause) {
      if (existsSync(previous)) renameSync(previous, output);
      throw cause;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(previous, { recursive: true, force: true });
  }
}

export function writeFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}
