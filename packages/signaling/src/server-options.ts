import type { Logger } from "./logger.js";
import { consoleLogger } from "./logger.js";
import { resolveTurnOptions, type TurnOptions } from "./turn/turn-options.js";

export interface SignalingServerOptions {
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** TCP port; 0 picks a free one. Default 8081. */
  port?: number;
  /** An actor without a Ping for this long is dropped from discovery and disconnected. Default 60 000. */
  heartbeatTimeoutMs?: number;
  /** Lifetime of issued credentials in seconds. Default 86 400 (one day). */
  credentialTtlSec?: number;
  /** Lifetime of renewal tokens in seconds. Default 604 800 (one week). */
  renewalTtlSec?: number;
  /**
   * File holding the Ed25519 signing key, created if missing. With it, a restarted server still
   * accepts the credentials it issued before and restores its registry (ACLs, specs, ws_address,
   * unregistrations) from `<name>.registry.json` next to it; without it, each start uses a fresh key.
   */
  keyFile?: string;
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
  readonly credentialTtlSec: number;
  readonly renewalTtlSec: number;
  readonly keyFile: string | undefined;
  readonly maxBodyBytes: number;
  readonly maxFrameBytes: number;
  readonly turn: TurnOptions | undefined;
  readonly logger: Logger;
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`Signaling option ${name} must be a positive number, got ${value}`);
  }
  return value;
}

export function resolveServerOptions(options: SignalingServerOptions): ResolvedServerOptions {
  const port = options.port ?? 8081;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`Signaling option port must be an integer in 0..65535, got ${port}`);
  }
  const heartbeatTimeoutMs = positive(options.heartbeatTimeoutMs ?? 60_000, "heartbeatTimeoutMs");
  return {
    host: options.host ?? "127.0.0.1",
    port,
    heartbeatTimeoutMs,
    heartbeatIntervalSec: Math.max(1, Math.min(30, Math.floor(heartbeatTimeoutMs / 2000))),
    credentialTtlSec: positive(options.credentialTtlSec ?? 86_400, "credentialTtlSec"),
    renewalTtlSec: positive(options.renewalTtlSec ?? 604_800, "renewalTtlSec"),
    keyFile: options.keyFile,
    maxBodyBytes: positive(options.maxBodyBytes ?? 4 * 1024 * 1024, "maxBodyBytes"),
    maxFrameBytes: positive(options.maxFrameBytes ?? 1024 * 1024, "maxFrameBytes"),
    turn: resolveTurnOptions(options.turn),
    logger: options.logger ?? consoleLogger,
  };
}
