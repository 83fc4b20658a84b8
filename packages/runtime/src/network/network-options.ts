import { DEFAULT_RECONNECT_BACKOFF, type BackoffOptions } from "./backoff.js";

/** Tuning of an actor's network; every field has a default, tests shorten the timers. */
export interface NetworkOptions {
  /** Heartbeat period; default: signaling_heartbeat_interval_secs from RegisterOk. */
  readonly heartbeatIntervalMs?: number;
  /** Signaling reconnect (and renewal retry) delays; default 1 s doubling to 60 s. */
  readonly reconnect?: BackoffOptions;
  /** Registration and signaling request timeout; default 10 s. */
  readonly requestTimeoutMs?: number;
  /** Peer WebSocket dial timeout; default 10 s. */
  readonly dialTimeoutMs?: number;
  /** Largest peer WebSocket message; default 64 MiB. */
  readonly maxPayloadBytes?: number;
  /** Sends wait while a peer socket has more than this many bytes queued; default 4 MiB. */
  readonly highWaterMarkBytes?: number;
}

export type ResolvedNetworkOptions = Required<Omit<NetworkOptions, "heartbeatIntervalMs">> &
  Pick<NetworkOptions, "heartbeatIntervalMs">;

export function resolveNetworkOptions(options: NetworkOptions): ResolvedNetworkOptions {
  return {
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    reconnect: options.reconnect ?? DEFAULT_RECONNECT_BACKOFF,
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    dialTimeoutMs: options.dialTimeoutMs ?? 10_000,
    maxPayloadBytes: options.maxPayloadBytes ?? 64 * 1024 * 1024,
    highWaterMarkBytes: options.highWaterMarkBytes ?? 4 * 1024 * 1024,
  };
}
