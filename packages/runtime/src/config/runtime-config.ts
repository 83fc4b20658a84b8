import type { Acl, ActrType } from "@actr/protocol";

/**
 * Everything an actor needs to run, resolved from Actr.toml (or given to ActrSystem.fromConfig).
 * Paths are absolute; defaults are filled in by the config loader, never by its readers.
 */
export interface RuntimeConfig {
  /** Folder of Actr.toml (or the working directory); relative paths resolve against it. */
  readonly baseDir: string;
  readonly packageName: string;
  readonly actrType: ActrType;
  /** Exported proto files (absolute paths). */
  readonly exports: readonly string[];
  readonly dependencies: readonly DependencyConfig[];
  readonly signaling: SignalingConfig | undefined;
  readonly realmId: number;
  /**
   * Shared secret of the realm, sent at registration (header x-actrix-realm-secret) to servers
   * that admit source-linked actors only with it. Never logged.
   */
  readonly realmSecret?: string | undefined;
  /** Absolute path of the SQLite mailbox, or ":memory:" when asked for explicitly. */
  readonly mailboxPath: string;
  readonly webrtc: WebRtcConfig;
  /** Port of the peer WebSocket listener; undefined disables direct WebSocket. 0 picks a free port. */
  readonly websocketListenPort: number | undefined;
  /** Host the peer WebSocket listener binds to and advertises. */
  readonly websocketHost: string;
  readonly acl: Acl | undefined;
  /** Absolute path of Actr.lock.toml (may not exist). */
  readonly lockPath: string;
}

/** WebRTC engines a Node actor can use. */
export const WEBRTC_ENGINES = ["werift", "node-datachannel"] as const;
export type WebRtcEngineName = (typeof WEBRTC_ENGINES)[number];

/** `[system.webrtc]`: the peer-to-peer wire tried first, beside WebSocket. */
export interface WebRtcConfig {
  /** false: neither dial nor answer WebRTC (peers then fall back to WebSocket). */
  readonly enabled: boolean;
  readonly stunUrls: readonly string[];
  /** TURN servers; the credential comes from signaling (RegisterOk.turn_credential). */
  readonly turnUrls: readonly string[];
  /** Use relayed (TURN) candidates only. */
  readonly forceRelay: boolean;
  readonly engine: WebRtcEngineName;
  /** Address offered as a host candidate, e.g. 127.0.0.1 for actors on one machine; default every interface. */
  readonly hostAddress: string | undefined;
}

export interface DependencyConfig {
  /** Key in [dependencies], also the folder under protos/remote/. */
  readonly name: string;
  readonly actrType: ActrType;
  /**
   * Full name of the service whose spec `actr install` fetches (e.g. `acme.v2.UserService`), for an
   * actor type that is not enough to tell; by default the spec the actor type registered.
   */
  readonly service: string | undefined;
  /** service_semantic fingerprint when pinned in Actr.toml. */
  readonly fingerprint: string | undefined;
}

export interface SignalingConfig {
  /** Signaling WebSocket URL, e.g. ws://127.0.0.1:8081/signaling/ws. */
  readonly url: string;
  /** Registration base URL, e.g. http://127.0.0.1:8081/ais; derived from url when absent. */
  readonly aisUrl: string;
}
