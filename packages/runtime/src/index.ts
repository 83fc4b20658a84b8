// The public API of @actr/runtime on Node: the core (see core.ts, which a browser loads alone) with
// its Node parts. Building blocks used by the actr toolchain and tests are exported from
// "@actr/runtime/internal".
export * from "./core.js";
export { ActrSystem } from "./lifecycle/node-actr-system.js";
export type { ActrSystemOptions } from "./lifecycle/system-options.js";
export { SqliteMailbox } from "./mailbox/sqlite-mailbox.js";
export { loadConfig, SIGNALING_URL_ENV } from "./config/load-config.js";
export { startNetwork, createNetworkStarter } from "./network/start-network.js";
export type { NetworkOptions } from "./network/network-options.js";
