import type { Logger } from "./logger.js";
import { consoleLogger } from "./logger.js";
import { resolveTurnOptions, type TurnOptions } from "./turn/turn-options.js";

export interface SignalingServerOptions {
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** TCP port; 0 picks a free one. Default 8081. */
  port?: number;
  /** An actor without a Ping for this long leaves discovery (its socket stays open) until it pings again. Default 60 000. */
  heartbeatTimeoutMs?: number;
  /**
   * The server pings every actor's socket this often (ms) and drops a socket from which nothing came
   * for `keepaliveMissedPings` intervals (a frozen process or a vanished network). Default 15 000.
   */
  keepaliveIntervalMs?: number;
  /** Default 2: a silent actor's socket is dropped 30 to 45 s after it went quiet. */
  keepaliveMissedPings?: number;
  /**
   * Lifetime of issued credentials in seconds. Default 900 (15 minutes): actors renew at 80% of it,
   * and it bounds how long the credential of an actor that unregistered still opens its peers' doors.
   */
  credentialTtlSec?: number;
  /** Lifetime of renewal tokens in seconds. Default 604 800 (one week). */
  renewalTtlSec?: number;
  /**
   * File holding the Ed25519 signing key, created if missing. With it, a restarted server still
   * accepts the credentials it issued before and restores its registry (ACLs, specs, ws_address,
   * unregistrations, the serial counter) from the SQLite file `<name>.registry.sqlite` next to it;
   * without it, each start uses a fresh key and an in-memory registry.
   */
  keyFile?: string;
  /** A registration whose actor has not opened its signaling socket within this time expires. Default 600 000 (10 minutes). */
  connectGraceMs?: number;
  /**
   * Realm id -> secret. A realm listed here admits only registrations with auth_mode LINKED and the
   * secret in header x-actrix-realm-secret, and when any realm is listed, unlisted realms are refused.
   * Default: none, and every registration is admitted.
   */
  realmSecrets?: Readonly<Record<number, string>>;
  /**
   * Registrations per client address: a bucket of `burst` that refills at `perSecond`; beyond it the
   * server answers 429. Default DEFAULT_REGISTER_RATE_LIMIT (burst 500, 50 per second).
   */
  registerRateLimit?: { readonly burst?: number | undefined; readonly perSecond?: number | undefined };
  /** Time allowed to send the request headers, in ms. Default 10 000. */
  headersTimeoutMs?: number;
  /** Time allowed to send a whole request, in ms. Default 30 000. */
  requestTimeoutMs?: number;
  /** Largest accepted HTTP body in bytes. Default 4 MiB (service specs carry proto sources). */
  maxBodyBytes?: number;
  /** Largest accepted WebSocket frame in bytes. Default 1 MiB. */
  maxFrameBytes?: number;
  /** A TURN relay sharing a secret with this server; RegisterOk then carries a TURN credential. */
  turn?: TurnOptions;
  logger?: Logger;
}

export interface ResolvedServerOptions {
  readonly host: string;
  readonly port: number;
  readonly heartbeatTimeoutMs: number;
  /** Told to actors at registration: half the timeout, at most 30 s, so one lost Ping is tolerated. */
  readonly heartbeatIntervalSec: number;
  readonly keepaliveIntervalMs: number;
  readonly keepaliveMissedPings: number;
  readonly credentialTtlSec: number;
  readonly renewalTtlSec: number;
  readonly keyFile: string | undefined;
  readonly connectGraceMs: number;
  readonly realmSecrets: ReadonlyMap<number, string>;
  readonly registerRateLimit: { readonly burst: number; readonly perSecond: number };
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly maxBodyBytes: number;
  readonly maxFrameBytes: number;
  readonly turn: TurnOptions | undefined;
  readonly logger: Logger;
}

/** Registrations per client address unless configured: generous enough for tests and demos. */
export const DEFAULT_REGISTER_RATE_LIMIT = { burst: 500, perSecond: 50 } as const;

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`Signaling option ${name} must be a positive number, got ${value}`);
  }
  return value;
}

function realmSecrets(secrets: Readonly<Record<number, string>>): ReadonlyMap<number, string> {
  const map = new Map<number, string>();
  for (const [realm, secret] of Object.entries(secrets)) {
    const realmId = Number(realm);
    if (!Number.isInteger(realmId) || realmId < 0 || realmId > 0xffff_ffff) {
      throw new RangeError(`Signaling option realmSecrets has key ${JSON.stringify(realm)}; use realm ids 0..4294967295`);
    }
    if (secret === "") throw new RangeError(`Signaling option realmSecrets gives realm ${realmId} an empty secret`);
    map.set(realmId, secret);
  }
  return map;
}

export function resolveServerOptions(options: SignalingServerOptions): ResolvedServerOptions {
  const port = options.port ?? 8081;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`Signaling option port must be an integer in 0..65535, got ${port}`);
  }
  const heartbeatTimeoutMs = positive(options.heartbeatTimeoutMs ?? 60_000, "heartbeatTimeoutMs");
  const headersTimeoutMs = positive(options.headersTimeoutMs ?? 10_000, "headersTimeoutMs");
  const requestTimeoutMs = positive(options.requestTimeoutMs ?? 30_000, "requestTimeoutMs");
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new RangeError(
      `Signaling option headersTimeoutMs (${headersTimeoutMs}) must not exceed requestTimeoutMs (${requestTimeoutMs}): headers are part of the request`,
    );
  }
  return {
    host: options.host ?? "127.0.0.1",
    port,
    heartbeatTimeoutMs,
    heartbeatIntervalSec: Math.max(1, Math.min(30, Math.floor(heartbeatTimeoutMs / 2000))),
    keepaliveIntervalMs: positive(options.keepaliveIntervalMs ?? 15_000, "keepaliveIntervalMs"),
    keepaliveMissedPings: positive(options.keepaliveMissedPings ?? 2, "keepaliveMissedPings"),
    credentialTtlSec: positive(options.credentialTtlSec ?? 900, "credentialTtlSec"),
    renewalTtlSec: positive(options.renewalTtlSec ?? 604_800, "renewalTtlSec"),
    keyFile: options.keyFile,
    connectGraceMs: positive(options.connectGraceMs ?? 600_000, "connectGraceMs"),
    realmSecrets: realmSecrets(options.realmSecrets ?? {}),
    registerRateLimit: {
      burst: positive(options.registerRateLimit?.burst ?? DEFAULT_REGISTER_RATE_LIMIT.burst, "registerRateLimit.burst"),
      perSecond: positive(options.registerRateLimit?.perSecond ?? DEFAULT_REGISTER_RATE_LIMIT.perSecond, "registerRateLimit.perSecond"),
    },
    headersTimeoutMs,
    requestTimeoutMs,
    maxBodyBytes: positive(options.maxBodyBytes ?? 4 * 1024 * 1024, "maxBodyBytes"),
    maxFrameBytes: positive(options.maxFrameBytes ?? 1024 * 1024, "maxFrameBytes"),
    turn: resolveTurnOptions(options.turn),
    logger: options.logger ?? consoleLogger("info", "signaling"),
  };
}
