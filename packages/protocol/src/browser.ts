// What a browser loads as @actr/protocol: the message code and the identity helpers that need no
// node:* module. Signing keys and credentials (node:crypto, node:fs) are Node-only (index.ts).
export * from "./gen/actr/identity_pb.js";
export * from "./gen/actr/rpc_pb.js";
export * from "./gen/actr/options_pb.js";
export * from "./gen/actr/webrtc_pb.js";
export * from "./gen/actr/signaling_pb.js";
export * from "./gen/signaling/envelope_pb.js";
export { IdentityFormatError } from "./identity/identity-error.js";
export { MessageDecodeError, decodeComplete } from "./identity/decode-complete.js";
export {
  actrTypeEquals,
  actrTypeMatches,
  actrTypeToString,
  assertActrTypePart,
  assertActrTypeVersion,
  makeActrType,
  parseActrType,
} from "./identity/actr-type.js";
export { actrIdEquals, actrIdToString, assertActrIdComplete, describeActrId, makeActrId, parseActrId } from "./identity/actr-id.js";
export { aclAllows } from "./identity/acl.js";
export { SIGNALING_ENVELOPE_VERSION } from "./identity/signaling-constants.js";
export { fromBase64, fromHex, toBase64, toHex } from "./identity/text-encoding.js";
// One Logger for every actr package.
export { consoleLogger, silentLogger, type Logger, type LogLevel } from "./logger.js";
