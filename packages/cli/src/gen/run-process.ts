import { spawn } from "node:child_process";

export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

/**
 * Runs `command` to completion, feeding it `stdin` (else an empty input), and collects its output. Rejects only
 * when the process cannot be started; the caller judges the exit code.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { readonly cwd?: string; readonly stdin?: Uint8Array } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: "pipe" });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err) }));
    // A child that exits before reading its input makes stdin error with EPIPE; "close" reports the outcome.
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.stdin);
  });
}
