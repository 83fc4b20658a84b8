import { ConfigError } from "./config-error.js";
import { CONFIG_DEFAULTS } from "./defaults.js";
import type { RuntimeConfigInit } from "./resolve-config.js";

/**
 * The environment variables of the runtime, the one place their names are written. Each stands
 * for one key of Actr.toml; `ActrSystem.fromEnv()` reads them all, `fromToml` lets the signaling
 * URL and the realm secret override the file.
 */
export const ENV = {
  /** [system.signaling] url, e.g. ws://127.0.0.1:8081/signaling/ws. */
  signalingUrl: "ACTR_SIGNALING_URL",
  /** [system.deployment] realm_id. */
  realmId: "ACTR_REALM_ID",
  /** [system.deployment] realm_secret, kept out of files. */
  realmSecret: "ACTR_REALM_SECRET",
  /** [package.actr_type] as "manufacturer+name[+version]". */
  actorType: "ACTR_ACTOR_TYPE",
  /** [system.storage] mailbox_path. */
  mailboxPath: "ACTR_MAILBOX_PATH",
  /** [system.websocket] listen_port (0 picks a free port). */
  listenPort: "ACTR_LISTEN_PORT",
  /** Log level: debug, info, warn (default) or error. */
  log: "ACTR_LOG",
} as const;

export type Env = Readonly<Record<string, string | undefined>>;

/** The value of `name`, undefined when unset or empty. */
export function envValue(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === "" ? undefined : value;
}

/**
 * A config from the ACTR_* variables alone; what they leave out gets the built-in defaults (actor
 * type actr+app, the bundled signaling server on 127.0.0.1:8081, a mailbox under .actr/).
 */
export function configFromEnv(env: Env): RuntimeConfigInit {
  const listenPort = integerVar(env, ENV.listenPort, 0, 65535);
  return {
    actrType: envValue(env, ENV.actorType) ?? CONFIG_DEFAULTS.actrType,
    signaling: envValue(env, ENV.signalingUrl) ?? CONFIG_DEFAULTS.signalingUrl,
    realmId: integerVar(env, ENV.realmId, 0, 2 ** 32 - 1),
    realmSecret: envValue(env, ENV.realmSecret),
    mailboxPath: envValue(env, ENV.mailboxPath),
    websocketListenPort: listenPort,
  };
}

function integerVar(env: Env, name: string, min: number, max: number): number | undefined {
  const text = envValue(env, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new ConfigError(`Environment variable ${name}=${JSON.stringify(text)} is not a whole number from ${min} to ${max}. Set it to e.g. ${name}=${min + 1} or unset it.`);
  }
  return value;
}
