import { consoleLogger, type Logger } from "../common/logger.js";
import { InvalidArgumentError } from "../errors/actr-error.js";
import { DEFAULT_WIRE_POOL_OPTIONS } from "../transport/wire-pool.js";
import { DEFAULT_KEEPALIVE, type KeepaliveOptions } from "../wire/websocket/keepalive.js";
import { DEFAULT_RECONNECT_BACKOFF, type BackoffOptions } from "./backoff.js";

export const DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

/** Tuning of an actor's network; every field has a default, tests shorten the timers. */
export interface NetworkOptions {
  /** Heartbeat period; default: signaling_heartbeat_interval_secs from RegisterOk. */
  readonly heartbeatIntervalMs?: number;
  /** Signaling reconnect (and renewal retry) delays; default 1 s doubling to 5 s, jittered. */
  readonly reconnect?: BackoffOptions;
  /** Registration and signaling request timeout; default 10 s. */
  readonly requestTimeoutMs?: number;
  /** Peer WebSocket dial timeout; default 10 s. */
  readonly dialTimeoutMs?: number;
  /** Largest peer or signaling WebSocket message; default 64 MiB. */
  readonly maxPayloadBytes?: number;
  /** Sends wait while a peer socket has more than this many bytes queued; default 4 MiB. */
  readonly highWaterMarkBytes?: number;
  /**
   * WebSocket pings on peer wires (both directions): a peer that answers none of `missedPings` in a
   * row is dropped like a closed wire; default a ping every 15 s, dead after 2 missed. intervalMs 0 turns it off.
   */
  readonly keepalive?: KeepaliveOptions;
  /** How often a wire kind that is down gets redialed while another serves the peer; default 10 s. */
  readonly healthCheckMs?: number;
  /** A fragmented WebRTC message still incomplete this long is dropped; default 30 s. */
  readonly reassemblyTimeoutMs?: number;
  /** How long a WebRTC connection may stay "disconnected" before it is replaced; default 5 s. */
  readonly disconnectGraceMs?: number;
  /** Where reconnects, renewals and dropped frames are reported; default consoleLogger() (ACTR_LOG). */
  readonly logger?: Logger;
}

export type ResolvedNetworkOptions = Required<Omit<NetworkOptions, "heartbeatIntervalMs">> &
  Pick<NetworkOptions, "heartbeatIntervalMs">;

export function resolveNetworkOptions(options: NetworkOptions): ResolvedNetworkOptions {
  return {
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    reconnect: options.reconnect ?? DEFAULT_RECONNECT_BACKOFF,
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    dialTimeoutMs: options.dialTimeoutMs ?? 10_000,
    maxPayloadBytes: options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES,
    highWaterMarkBytes: options.highWaterMarkBytes ?? 4 * 1024 * 1024,
    keepalive: checkKeepalive(options.keepalive ?? DEFAULT_KEEPALIVE),
    healthCheckMs: options.healthCheckMs ?? DEFAULT_WIRE_POOL_OPTIONS.healthCheckMs,
    reassemblyTimeoutMs: options.reassemblyTimeoutMs ?? 30_000,
    disconnectGraceMs: options.disconnectGraceMs ?? 5_000,
    logger: options.logger ?? consoleLogger(),
  };
}

function checkKeepalive(keepalive: KeepaliveOptions): KeepaliveOptions {
  const { intervalMs, missedPings } = keepalive;
  if (!Number.isFinite(intervalMs) || intervalMs < 0) {
    throw new InvalidArgumentError(`NetworkOptions.keepalive.intervalMs must be 0 (off) or a positive number of ms, got ${intervalMs}`);
  }
  if (!Number.isInteger(missedPings) || missedPings < 1) {
    throw new InvalidArgumentError(`NetworkOptions.keepalive.missedPings must be a whole number of at least 1, got ${missedPings}`);
  }
  return keepalive;
}
