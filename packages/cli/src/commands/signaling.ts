import { once } from "node:events";
import { Command, InvalidArgumentError } from "commander";
import { DEFAULT_REGISTER_RATE_LIMIT, startSignalingServer, type TurnOptions } from "@actr/signaling";
import { CliError } from "../cli-error.js";

interface SignalingCommandOptions {
  port: number;
  host: string;
  keyFile: string;
  realmSecret?: Record<number, string>;
  registerBurst?: number;
  registerRate?: number;
  turnUrl: string[];
  turnSecret: string | undefined;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^[0-9]+$/.test(text) || port > 65535) throw new InvalidArgumentError("expected a port number 0..65535");
  return port;
}

/** `<realm id>=<secret>`, repeatable: collects into a realm id -> secret record. */
function parseRealmSecret(text: string, previous: Record<number, string> | undefined): Record<number, string> {
  const match = /^([0-9]{1,10})=(.+)$/.exec(text);
  if (match === null || Number(match[1]) > 0xffff_ffff) {
    throw new InvalidArgumentError("expected <realm id>=<secret>, e.g. 1=s3cret");
  }
  return { ...previous, [Number(match[1])]: match[2]! };
}

function parsePositive(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError("expected a positive number");
  return value;
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
    .option(
      "--realm-secret <realm=secret>",
      "admit only LINKED registrations carrying this secret into the realm (repeatable; then other realms are refused)",
      parseRealmSecret,
    )
    .option("--register-burst <n>", `registrations a client address may make at once before 429 (default ${DEFAULT_REGISTER_RATE_LIMIT.burst})`, parsePositive)
    .option("--register-rate <n>", `registrations per second a client address regains (default ${DEFAULT_REGISTER_RATE_LIMIT.perSecond})`, parsePositive)
    .option("--turn-url <url>", "TURN relay actors may use (repeatable), e.g. turn:127.0.0.1:3478", collect, [])
    .option("--turn-secret <secret>", "the relay's static-auth-secret (coturn use-auth-secret); default $ACTR_TURN_SECRET")
    .action(async (options: SignalingCommandOptions) => {
      const turn = turnOptions(options);
      const server = await startSignalingServer({
        host: options.host,
        port: options.port,
        keyFile: options.keyFile,
        realmSecrets: options.realmSecret,
        registerRateLimit: { burst: options.registerBurst, perSecond: options.registerRate },
        turn,
      });
      console.log(`actr signaling: register at ${server.aisUrl}/register, connect to ${server.wsUrl} (Ctrl-C stops)`);
      const signal = await Promise.race([once(process, "SIGINT"), once(process, "SIGTERM")]);
      console.log(`actr signaling: ${String(signal[0] ?? "signal")} received, stopping`);
      await server.close();
    });
}
