import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";

/** A fresh folder per test, removed afterwards. */
export function useTempDir(): () => string {
  let dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    dirs = [];
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), "actr-runtime-"));
    dirs.push(dir);
    return dir;
  };
}

/** A logger that keeps every line, for asserting what was reported. */
export function memoryLogger(): { lines: string[]; debug: (m: string) => void; info: (m: string) => void; warn: (m: string) => void; error: (m: string) => void } {
  const lines: string[] = [];
  const at = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
