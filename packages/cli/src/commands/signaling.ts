import { once } from "node:events";
import { Command, InvalidArgumentError } from "commander";
import { startSignalingServer } from "@actr/signaling";

interface SignalingCommandOptions {
  port: number;
  host: string;
  keyFile: string;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^[0-9]+$/.test(text) || port > 65535) throw new InvalidArgumentError("expected a port number 0..65535");
  return port;
}

/** `actr signaling`: runs the bundled signaling server until SIGINT / SIGTERM. */
export function signalingCommand(): Command {
  return new Command("signaling")
    .description("start the bundled signaling server (registration, discovery, relay)")
    .option("-p, --port <n>", "TCP port (0 picks a free one)", parsePort, 8081)
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option("--key-file <file>", "Ed25519 signing key, created if missing; keeps credentials valid across restarts", ".actr/signaling-key")
    .action(async (options: SignalingCommandOptions) => {
      const server = await startSignalingServer({ host: options.host, port: options.port, keyFile: options.keyFile });
      console.log(`actr signaling: register at ${server.aisUrl}/register, connect to ${server.wsUrl} (Ctrl-C stops)`);
      const signal = await Promise.race([once(process, "SIGINT"), once(process, "SIGTERM")]);
      console.log(`actr signaling: ${String(signal[0] ?? "signal")} received, stopping`);
      await server.close();
    });
}
