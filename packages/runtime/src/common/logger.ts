// The one Logger of actr lives in @actr/protocol, shared with the signaling server.
export { consoleLogger, silentLogger } from "@actr/protocol";
export type { Logger, LogLevel } from "@actr/protocol";
