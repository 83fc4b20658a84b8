// npm run demo: generates the code of both actors, starts the bundled signaling server, runs the
// server actor, installs the server's protos into the client, runs the client and prints what it received.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SIGNALING_URL_ENV } from "@actr/runtime";
import { silentLogger, startSignalingServer } from "@actr/signaling";
import { ACTR_BIN, TS_NODE_ARGS, runNode, startNode } from "../../scripts/lib/child-process.js";

export interface DemoOptions {
  readonly streamId: string;
  readonly messageCount: number;
  /** Pause between two chunks the server pushes. */
  readonly intervalMs: number;
  readonly print: (line: string) => void;
  /** "webrtc": both actors run with Actr.webrtc.toml, which has no peer WebSocket; "pool" (the default): WebSocket and WebRTC both. */
  readonly wire?: "pool" | "webrtc";
}

/** Runs the whole example; resolves with the lines the client printed. */
export async function runDemo(options: DemoOptions): Promise<string[]> {
  const { print } = options;
  const serverDir = join(import.meta.dirname, "server");
  const clientDir = join(import.meta.dirname, "client");
  const state = mkdtempSync(join(tmpdir(), "actr-demo-"));
  // A demo starts from empty mailboxes; a real deployment keeps them across restarts.
  for (const dir of [serverDir, clientDir]) rmSync(join(dir, ".actr"), { recursive: true, force: true });

  const signaling = await startSignalingServer({ port: 0, keyFile: join(state, "signaling-key"), logger: silentLogger });
  const actrToml = options.wire === "webrtc" ? "Actr.webrtc.toml" : "Actr.toml";
  const env = { ...process.env, [SIGNALING_URL_ENV]: signaling.wsUrl, STREAM_INTERVAL_MS: String(options.intervalMs) };
  const gen = ["gen", "--input", "protos", "--output", "generated", "--language", "typescript"];
  const prefixed = (name: string) => (line: string) => print(`  ${name} | ${line}`);
  let server: ReturnType<typeof startNode> | undefined;
  try {
    print(`signaling server listening at ${signaling.wsUrl}`);
    print("$ (server) actr gen --input protos --output generated --language typescript");
    await runNode([ACTR_BIN, ...gen], { cwd: serverDir, env, onLine: prefixed("actr") });

    print(`$ (server) node server/main.ts --actr-toml ${actrToml}`);
    server = startNode([...TS_NODE_ARGS, "main.ts", "--actr-toml", join(serverDir, actrToml)], { cwd: serverDir, env, onLine: prefixed("server") });
    await server.waitForLine(/server ready/);

    print("$ (client) actr install");
    await runNode([ACTR_BIN, "install"], { cwd: clientDir, env, onLine: prefixed("actr") });
    print("$ (client) actr gen --input protos --output generated --language typescript");
    await runNode([ACTR_BIN, ...gen], { cwd: clientDir, env, onLine: prefixed("actr") });

    print(`$ (client) node client/main.ts --actr-toml ${actrToml} ${options.streamId} ${options.messageCount}`);
    return await runNode([...TS_NODE_ARGS, "main.ts", "--actr-toml", join(clientDir, actrToml), options.streamId, String(options.messageCount)], {
      cwd: clientDir,
      env,
      onLine: prefixed("client"),
    });
  } finally {
    await server?.stop();
    await signaling.close();
    rmSync(state, { recursive: true, force: true });
  }
}

if (import.meta.filename === process.argv[1]) {
  // demo.ts [--webrtc] [stream_id] [message_count]
  const args = process.argv.slice(2);
  const wire = args.includes("--webrtc") ? "webrtc" : "pool";
  const [streamId = "my-stream", count = "5"] = args.filter((arg) => arg !== "--webrtc");
  const lines = await runDemo({ streamId, messageCount: Number(count), intervalMs: 300, print: (line) => console.log(line), wire });
  const received = lines.filter((line) => line.includes("client received")).length;
  const carried = lines.find((line) => line.startsWith("client: wire: "))?.slice("client: ".length) ?? "wire: unknown";
  console.log(`\nstream-echo: the client received ${received} of ${count} messages pushed by the server (${carried}).`);
}
