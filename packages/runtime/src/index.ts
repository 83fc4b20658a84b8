// The public API of @actr/runtime on Node: the core (see core.ts, which a browser loads alone) with
// its Node parts. Building blocks used by the actr toolchain and tests are exported from
// "@actr/runtime/internal".
export * from "./core.js";
export { ActrSystem } from "./lifecycle/node-actr-system.js";
export type { ActrSystemOptions } from "./lifecycle/system-options.js";
export { SqliteMailbox } from "./mailbox/sqlite-mailbox.js";
export { loadConfig, REALM_SECRET_ENV, SIGNALING_URL_ENV } from "./config/load-config.js";
export { ENV } from "./config/env.js";
export type { Env } from "./config/env.js";
export { MailboxInUseError } from "./mailbox/mailbox-lock.js";
export { DEFAULT_MAILBOX_LIMITS } from "./mailbox/mailbox-limits.js";
export type { MailboxLimits } from "./mailbox/mailbox-limits.js";
export { CredentialRejectedError } from "./network/signaling-error.js";
export { startNetwork, createNetworkStarter } from "./network/start-network.js";
export type { NetworkOptions } from "./network/network-options.js";
export type { KeepaliveOptions } from "./wire/websocket/keepalive.js";
export { loadWebRtcEngine } from "./wire/webrtc-node/load-engine.js";
