// Message code generated from proto/ (npm run protocol:gen); this file only re-exports it.
export * from "./gen/actr/identity_pb.js";
export * from "./gen/actr/rpc_pb.js";
export * from "./gen/actr/options_pb.js";
export * from "./gen/actr/webrtc_pb.js";
export * from "./gen/actr/signaling_pb.js";
export * from "./gen/signaling/envelope_pb.js";
// Hand-written identity helpers: ActrId / ActrType text forms, credentials, header encodings.
export * from "./identity/index.js";
// One Logger for every actr package.
export { consoleLogger, silentLogger, type Logger, type LogLevel } from "./logger.js";
