import { once } from "node:events";
import { Command, InvalidArgumentError } from "commander";
import { DEFAULT_REGISTER_RATE_LIMIT, startSignalingServer } from "@actr/signaling";

interface SignalingCommandOptions {
  port: number;
  host: string;
  keyFile: string;
  realmSecret?: Record<number, string>;
  registerBurst?: number;
  registerRate?: number;
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
    .action(async (options: SignalingCommandOptions) => {
      const server = await startSignalingServer({
        host: options.host,
        port: options.port,
        keyFile: options.keyFile,
        realmSecrets: options.realmSecret,
        registerRateLimit: { burst: options.registerBurst, perSecond: options.registerRate },
      });
      console.log(`actr signaling: register at ${server.aisUrl}/register, connect to ${server.wsUrl} (Ctrl-C stops)`);
      const signal = await Promise.race([once(process, "SIGINT"), once(process, "SIGTERM")]);
      console.log(`actr signaling: ${String(signal[0] ?? "signal")} received, stopping`);
      await server.close();
    });
}
