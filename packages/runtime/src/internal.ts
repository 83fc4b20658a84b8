// What the actr toolchain (CLI, signaling server), benches and tests use beyond the public API.
// Not a stable interface: names here may change in any release.
export { payloadTypeName, isPayloadType } from "./common/payload-type.js";
export { ERROR_CLASSES } from "./errors/actr-error.js";
export { errorFromReply, toErrorReply } from "./errors/error-response.js";
export type { ErrorReply } from "./errors/error-response.js";
export { readLockFile, parseLockFile, formatLockFile, LOCK_FILE_VERSION } from "./config/lock-file.js";
export type { LockFile, LockedDependency, LockedFile } from "./config/lock-file.js";
export { loadConfig, SIGNALING_URL_ENV } from "./config/load-config.js";
export { parseConfig } from "./config/parse-config.js";
export { resolveConfig } from "./config/resolve-config.js";
export { CONFIG_DEFAULTS, IN_MEMORY_MAILBOX } from "./config/defaults.js";
export { SqliteMailbox } from "./mailbox/sqlite-mailbox.js";
export { Origin } from "./mailbox/inbox-message.js";
export type { InboxMessage, ClaimedMessage, StoredResult, DeadLetter } from "./mailbox/inbox-message.js";
export { startNetwork, createNetworkStarter } from "./network/start-network.js";
export type { ActorNetwork } from "./network/start-network.js";
export type { NetworkOptions } from "./network/network-options.js";
export type { BackoffOptions } from "./network/backoff.js";
export { SignalingClient } from "./network/signaling-client.js";
export type { SignalingClientOptions, SignalingRequest, SignalingReply, RelayPayload } from "./network/signaling-client.js";
export { ActorIdentity } from "./network/actor-identity.js";
export { register, renewCredential } from "./network/ais-client.js";
export { OutprocTransport } from "./transport/outproc-transport.js";
export type { Lane } from "./transport/lane.js";
export type { Wire, WireConnector, WireKind } from "./transport/wire.js";
export { encodeFrame, decodeFrame, FrameError, FRAME_HEADER_BYTES } from "./wire/websocket/frame.js";
export type { Frame } from "./wire/websocket/frame.js";
export { CANCEL_ROUTE_KEY, CANCELS_KEY } from "./outbound/rpc-envelopes.js";
