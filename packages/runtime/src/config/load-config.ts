import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { ConfigError } from "./config-error.js";
import { ENV } from "./env.js";
import { parseConfig } from "./parse-config.js";
import { signalingConfig } from "./resolve-config.js";
import type { RuntimeConfig } from "./runtime-config.js";

/** Points every actor and `actr install` of a deployment at another signaling server. */
export const SIGNALING_URL_ENV = ENV.signalingUrl;

/** Gives the realm secret without writing it into Actr.toml. */
export const REALM_SECRET_ENV = ENV.realmSecret;

/**
 * The setting an error about the signaling server asks to check: the environment variable when it is
 * set (not its value, whose query may hold a token).
 */
export function signalingUrlSetting(env: NodeJS.ProcessEnv = process.env): string {
  const value = env[SIGNALING_URL_ENV];
  return value === undefined || value === "" ? "[system.signaling] url" : `${SIGNALING_URL_ENV} (it overrides [system.signaling] url)`;
}

/**
 * Reads Actr.toml at `path`; relative paths inside it resolve against its folder. The environment
 * variable ACTR_SIGNALING_URL, when set, replaces [system.signaling] (and its derived ais_url);
 * ACTR_REALM_SECRET replaces [system.deployment] realm_secret.
 */
export async function loadConfig(path: string): Promise<RuntimeConfig> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === "ENOENT" ? "does not exist" : `cannot be read (${code ?? String(error)})`;
    throw new ConfigError(`${file} ${problem}. Pass the path of the actor's Actr.toml (create one with \`actr init\`).`);
  }
  const parsed = parseConfig(text, file, dirname(file));
  const realmSecret = process.env[REALM_SECRET_ENV];
  const config = realmSecret === undefined || realmSecret === "" ? parsed : { ...parsed, realmSecret };
  const signalingUrl = process.env[SIGNALING_URL_ENV];
  if (signalingUrl === undefined || signalingUrl === "") return config;
  return { ...config, signaling: signalingConfig(signalingUrl, undefined, `environment variable ${SIGNALING_URL_ENV}`) };
}
