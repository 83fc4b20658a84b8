import { once } from "node:events";
import { Command, InvalidArgumentError } from "commander";
import { startSignalingServer, type TurnOptions } from "@actr/signaling";
import { CliError } from "../cli-error.js";

interface SignalingCommandOptions {
  port: number;
  host: string;
  keyFile: string;
  turnUrl: string[];
  turnSecret: string | undefined;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^[0-9]+$/.test(text) || port > 65535) throw new InvalidArgumentError("expected a port number 0..65535");
  return port;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** TURN settings from the flags; the secret may come from ACTR_TURN_SECRET so it stays out of `ps`. */
function turnOptions(options: SignalingCommandOptions): TurnOptions | undefined {
  const secret = options.turnSecret ?? process.env["ACTR_TURN_SECRET"];
  if (secret === undefined && options.turnUrl.length === 0) return undefined;
  if (secret === undefined || secret === "") {
    throw new CliError("--turn-url needs the relay's shared secret: pass --turn-secret <secret> or set ACTR_TURN_SECRET");
  }
  if (options.turnUrl.length === 0) {
    throw new CliError("a TURN secret needs the relay's address: pass --turn-url turn:<host>:<port>");
  }
  return { secret, urls: options.turnUrl };
}

/** `actr signaling`: runs the bundled signaling server until SIGINT / SIGTERM. */
export function signalingCommand(): Command {
  return new Command("signaling")
    .description("start the bundled signaling server (registration, discovery, relay)")
    .option("-p, --port <n>", "TCP port (0 picks a free one)", parsePort, 8081)
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option("--key-file <file>", "Ed25519 signing key, created if missing; keeps credentials valid across restarts", ".actr/signaling-key")
    .option("--turn-url <url>", "TURN relay actors may use (repeatable), e.g. turn:127.0.0.1:3478", collect, [])
    .option("--turn-secret <secret>", "the relay's static-auth-secret (coturn use-auth-secret); default $ACTR_TURN_SECRET")
    .action(async (options: SignalingCommandOptions) => {
      const turn = turnOptions(options);
      const server = await startSignalingServer({ host: options.host, port: options.port, keyFile: options.keyFile, turn });
      console.log(`actr signaling: register at ${server.aisUrl}/register, connect to ${server.wsUrl} (Ctrl-C stops)`);
      const signal = await Promise.race([once(process, "SIGINT"), once(process, "SIGTERM")]);
      console.log(`actr signaling: ${String(signal[0] ?? "signal")} received, stopping`);
      await server.close();
    });
}
