// Runs the CLI and actor processes of the examples, their output prefixed so interleaved lines stay readable.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");

/** The `actr` CLI as installed in the workspace (built by `npm ci` / `npm run build`). */
export const ACTR_BIN = join(root, "packages", "cli", "bin", "actr.js");

/** How to run a TypeScript entry point against the workspace sources. */
export const TS_NODE_ARGS = ["--conditions=source", "--import", "tsx"] as const;

export interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Receives every output line, stdout and stderr alike. */
  readonly onLine?: (line: string) => void;
}

export interface Running {
  readonly child: ChildProcess;
  /** Every line printed so far. */
  readonly lines: string[];
  /** Resolves with the first line matching `pattern`; rejects if the process exits first. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<number | null>;
}

/** Starts `node <args>` and collects its output lines. */
export function startNode(args: readonly string[], options: RunOptions): Running {
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const waiters = new Set<(line: string) => void>();
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      options.onLine?.(line);
      for (const waiter of waiters) waiter(line);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  const describe = `node ${args.join(" ")}`;
  return {
    child,
    lines,
    exited,
    waitForLine(pattern, timeoutMs = 30_000) {
      const seen = lines.find((line) => pattern.test(line));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`${describe} printed no line matching ${pattern} within ${timeoutMs} ms:\n${lines.join("\n")}`)), timeoutMs);
        const waiter = (line: string): void => {
          if (pattern.test(line)) finish(undefined, line);
        };
        const finish = (error?: Error, line?: string): void => {
          clearTimeout(timer);
          waiters.delete(waiter);
          if (error !== undefined) reject(error);
          else resolve(line as string);
        };
        waiters.add(waiter);
        void exited.then((code) => finish(new Error(`${describe} exited with ${code} before printing a line matching ${pattern}:\n${lines.join("\n")}`)));
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Runs `node <args>` to completion; rejects with its output when it exits non-zero. */
export async function runNode(args: readonly string[], options: RunOptions): Promise<string[]> {
  const running = startNode(args, options);
  const code = await running.exited;
  if (code !== 0) throw new Error(`node ${args.join(" ")} (in ${options.cwd}) exited with ${code}:\n${running.lines.join("\n")}`);
  return running.lines;
}
