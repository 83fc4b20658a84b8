// The one Logger of actr lives in @actr/protocol, shared with the runtime.
export { consoleLogger, silentLogger } from "@actr/protocol";
export type { Logger } from "@actr/protocol";
