import { spawn } from "node:child_process";
import { once } from "node:events";
import { join, resolve } from "node:path";
import type { SignalingServer, SignalingServerOptions } from "@actr/signaling";

const repoRoot = resolve(import.meta.dirname, "../../../..");

export interface ServerProcess extends Pick<SignalingServer, "url" | "aisUrl" | "wsUrl"> {
  /** SIGTERM, then waits for the exit; resolves with the CPU time the process used, when it said. */
  stop(): Promise<{ userMs: number; systemMs: number } | undefined>;
}

/** Starts support/server-process.ts in a child process; resolves once it listens. */
export async function spawnServer(options: SignalingServerOptions): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ["--conditions=source", "--import", "tsx", join(import.meta.dirname, "server-process.ts"), JSON.stringify(options)],
    { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] },
  );
  const exited = once(child, "exit");
  let out = "";
  const urls = await new Promise<Pick<SignalingServer, "url" | "aisUrl" | "wsUrl">>((ready, fail) => {
    child.stdout.on("data", (data: Buffer) => {
      out += data.toString();
      const line = /^LISTENING (.*)$/m.exec(out);
      if (line !== null) ready(JSON.parse(line[1]!) as Pick<SignalingServer, "url" | "aisUrl" | "wsUrl">);
    });
    void exited.then(([code]) => fail(new Error(`signaling server process exited (${String(code)}) before listening: ${out}`)));
  });
  return {
    ...urls,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      const cpu = /^CPU (.*)$/m.exec(out);
      return cpu === null ? undefined : (JSON.parse(cpu[1]!) as { userMs: number; systemMs: number });
    },
  };
}
