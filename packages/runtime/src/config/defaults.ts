/** Every default of the runtime configuration: what Actr.toml falls back to when a key is absent. */
export const CONFIG_DEFAULTS = {
  /** Version of the actor type when Actr.toml names none (`[package] version`). */
  packageVersion: "0.1.0",
  /** Actor type of `ActrSystem.fromEnv()` / `default()` without Actr.toml or ACTR_ACTOR_TYPE. */
  actrType: "actr+app",
  /** The bundled signaling server (`actr signaling`) on its default port. */
  signalingUrl: "ws://127.0.0.1:8081/signaling/ws",
  /** Relative to the folder of Actr.toml. */
  mailboxPath: ".actr/mailbox.db",
  /** Relative to the folder of Actr.toml. */
  lockFile: "Actr.lock.toml",
  realmId: 0,
  webrtc: {
    enabled: true,
    stunUrls: [] as readonly string[],
    turnUrls: [] as readonly string[],
    forceRelay: false,
    engine: "werift",
    hostAddress: undefined,
  },
  websocketHost: "127.0.0.1",
  /** Path of the registration API on the signaling host when [system.signaling] ais_url is absent. */
  aisPath: "/ais",
} as const;

/** The mailbox path that keeps messages in memory; only used when written out explicitly. */
export const IN_MEMORY_MAILBOX = ":memory:";
