export { startSignalingServer, type SignalingServer } from "./server.js";
export type { SignalingServerOptions } from "./server-options.js";
export { consoleLogger, silentLogger, type Logger } from "./logger.js";
export { SIGNALING_WS_PATH } from "./ws/upgrade-auth.js";
export { CLOSE_HEARTBEAT_TIMEOUT } from "./ws/session.js";
export { CLOSE_REPLACED } from "./ws/session-table.js";
export type { TurnOptions } from "./turn/turn-options.js";
