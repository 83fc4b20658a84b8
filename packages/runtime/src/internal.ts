// What the actr toolchain (CLI, signaling server), benches and tests use beyond the public API.
// Not a stable interface: names here may change in any release.
export { payloadTypeName, isPayloadType } from "./common/payload-type.js";
export { ERROR_CLASSES } from "./errors/actr-error.js";
export { errorFromReply, toErrorReply } from "./errors/error-response.js";
export type { ErrorReply } from "./errors/error-response.js";
export { readLockFile, parseLockFile, formatLockFile, LOCK_FILE_VERSION } from "./config/lock-file.js";
export { CompatLockFile, compatLockPath, formatCompatLock, parseCompatLock, readCompatLock } from "./config/compat-lock-file.js";
export { COMPAT_LOCK_FILE, COMPAT_LOCK_VERSION } from "./config/compat-lock.js";
export { parseConfig } from "./config/parse-config.js";
export { toServiceSpec } from "./lifecycle/service-spec.js";
export { resolveConfig } from "./config/resolve-config.js";
export { CONFIG_DEFAULTS, IN_MEMORY_MAILBOX } from "./config/defaults.js";
export { Origin } from "./mailbox/inbox-message.js";
export type { ActorNetwork } from "./network/start-network.js";
export type { BackoffOptions } from "./network/backoff.js";
export { SignalingClient } from "./network/signaling-client.js";
export type { SignalingClientOptions, SignalingRequest, SignalingReply, RelayPayload, CredentialTrouble } from "./network/signaling-client.js";
export { ActorIdentity } from "./network/actor-identity.js";
export { register, renewCredential, REALM_SECRET_HEADER } from "./network/ais-client.js";
export type { RegisterOptions } from "./network/ais-client.js";
export { DeadLetterTable, withDeadLetters } from "./mailbox/dead-letters.js";
export { OutprocTransport } from "./transport/outproc-transport.js";
export { encodeFrame, decodeFrame, FrameError, FRAME_HEADER_BYTES } from "./wire/websocket/frame.js";
export type { Frame } from "./wire/websocket/frame.js";
export { CANCEL_ROUTE_KEY, CANCELS_KEY } from "./outbound/rpc-envelopes.js";
