import { isAbsolute, resolve } from "node:path";
import { IdentityFormatError, parseActrType, type ActrType } from "@actr/protocol";
import { ConfigError } from "./config-error.js";
import { CONFIG_DEFAULTS, IN_MEMORY_MAILBOX } from "./defaults.js";
import type { RuntimeConfig, SignalingConfig, WebRtcConfig } from "./runtime-config.js";

/** What `ActrSystem.fromConfig()` accepts: a RuntimeConfig where everything but the actor type may be left out. */
export type RuntimeConfigInit = Partial<Omit<RuntimeConfig, "actrType" | "signaling" | "webrtc">> & {
  /** An ActrType or its config form "manufacturer+name[+version]". */
  readonly actrType: ActrType | string;
  /** A signaling URL, or its full config. */
  readonly signaling?: SignalingConfig | string | undefined;
  /** Any of the [system.webrtc] settings; the rest take their defaults. */
  readonly webrtc?: Partial<WebRtcConfig> | undefined;
};

/**
 * Fills in the defaults of CONFIG_DEFAULTS and makes every path absolute (relative ones resolve
 * against `baseDir`). The one place defaults are applied, for Actr.toml and config objects alike.
 */
export function resolveConfig(init: RuntimeConfigInit, source = "config object"): RuntimeConfig {
  const baseDir = resolve(init.baseDir ?? process.cwd());
  const actrType = typeof init.actrType === "string" ? parseType(init.actrType, source, "actr_type") : init.actrType;
  const inBase = (path: string): string => (isAbsolute(path) ? path : resolve(baseDir, path));
  const mailboxPath = init.mailboxPath ?? CONFIG_DEFAULTS.mailboxPath;
  return {
    baseDir,
    packageName: init.packageName ?? actrType.name,
    actrType,
    exports: (init.exports ?? []).map(inBase),
    dependencies: init.dependencies ?? [],
    signaling: typeof init.signaling === "string" ? signalingConfig(init.signaling, undefined, source) : init.signaling,
    realmId: init.realmId ?? CONFIG_DEFAULTS.realmId,
    realmSecret: init.realmSecret,
    mailboxPath: mailboxPath === IN_MEMORY_MAILBOX ? mailboxPath : inBase(mailboxPath),
    webrtc: { ...CONFIG_DEFAULTS.webrtc, ...definedOnly(init.webrtc ?? {}) },
    websocketListenPort: init.websocketListenPort,
    websocketHost: init.websocketHost ?? CONFIG_DEFAULTS.websocketHost,
    acl: init.acl,
    lockPath: inBase(init.lockPath ?? CONFIG_DEFAULTS.lockFile),
  };
}

/** Parses "manufacturer+name[+version]"; a bad one is a ConfigError naming `key`. */
export function parseType(text: string, source: string, key: string): ActrType {
  try {
    return parseActrType(text);
  } catch (error) {
    if (!(error instanceof IdentityFormatError)) throw error;
    throw new ConfigError(`${source}: ${key}: ${error.message}. Write it as "manufacturer+name", e.g. "acme+EchoService".`);
  }
}

/** The signaling config of a ws:// or wss:// URL; the registration URL defaults to /ais on the same host. */
export function signalingConfig(url: string, aisUrl: string | undefined, source: string): SignalingConfig {
  const parsed = parseUrl(url, ["ws:", "wss:"], source, "system.signaling.url", '"ws://127.0.0.1:8081/signaling/ws"');
  if (aisUrl !== undefined) {
    parseUrl(aisUrl, ["http:", "https:"], source, "system.signaling.ais_url", '"http://127.0.0.1:8081/ais"');
    return { url, aisUrl };
  }
  const http = new URL(parsed.href);
  http.protocol = parsed.protocol === "wss:" ? "https:" : "http:";
  http.pathname = CONFIG_DEFAULTS.aisPath;
  http.search = "";
  return { url, aisUrl: http.href };
}

function parseUrl(text: string, protocols: readonly string[], source: string, key: string, example: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${source}: ${key} is not a URL: ${JSON.stringify(text)}. Write a full URL, e.g. ${example}.`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(`${source}: ${key} uses ${url.protocol} but must use ${protocols.join(" or ")}, e.g. ${example}.`);
  }
  return url;
}

/** The entries whose value is not undefined, so that spreading them keeps the defaults of the others. */
function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
