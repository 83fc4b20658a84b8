import { spawn } from "node:child_process";
import { once } from "node:events";
import { join, resolve } from "node:path";
import type { SignalingServer, SignalingServerOptions } from "@actr/signaling";

const repoRoot = resolve(import.meta.dirname, "../../../..");

interface ChildScript {
  /** Resolves with the JSON after `<tag> ` on the first line that starts with the tag. */
  line<T>(tag: string): Promise<T>;
  /** SIGTERM unless it exited, then waits for the exit. */
  stop(): Promise<void>;
}

/** Runs a TypeScript file of this folder in a child process, reading its tagged output lines. */
function runScript(file: string, args: readonly string[]): ChildScript {
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", join(import.meta.dirname, file), ...args], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = once(child, "exit");
  let out = "";
  const listeners: Array<() => void> = [];
  child.stdout.on("data", (data: Buffer) => {
    out += data.toString();
    listeners.forEach((listener) => listener());
  });
  return {
    line: <T>(tag: string) =>
      new Promise<T>((found, fail) => {
        const check = () => {
          const match = new RegExp(`^${tag} (.*)$`, "m").exec(out);
          if (match !== null) found(JSON.parse(match[1]!) as T);
        };
        listeners.push(check);
        check();
        void exited.then(() => {
          check();
          fail(new Error(`${file} exited without printing ${tag}: ${out}`));
        });
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

export interface ServerProcess extends Pick<SignalingServer, "url" | "aisUrl" | "wsUrl"> {
  /** SIGTERM, then waits for the exit; resolves with the CPU time the process used, when it said. */
  stop(): Promise<{ userMs: number; systemMs: number } | undefined>;
}

/** Starts support/server-process.ts in a child process; resolves once it listens. */
export async function spawnServer(options: SignalingServerOptions): Promise<ServerProcess> {
  const script = runScript("server-process.ts", [JSON.stringify(options)]);
  const urls = await script.line<Pick<SignalingServer, "url" | "aisUrl" | "wsUrl">>("LISTENING");
  return {
    ...urls,
    stop: async () => {
      await script.stop();
      return script.line<{ userMs: number; systemMs: number }>("CPU").catch(() => undefined);
    },
  };
}

/** Registers `count` actors from support/flood-process.ts, `concurrency` at a time; resolves when done. */
export async function floodRegistrations(aisUrl: string, count: number, concurrency: number): Promise<{ ms: number; serials: number }> {
  const script = runScript("flood-process.ts", [aisUrl, String(count), String(concurrency)]);
  try {
    return await script.line<{ ms: number; serials: number }>("FLOODED");
  } finally {
    await script.stop();
  }
}
