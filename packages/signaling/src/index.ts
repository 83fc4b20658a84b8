export { startSignalingServer, type SignalingServer } from "./server.js";
export { DEFAULT_REGISTER_RATE_LIMIT, type SignalingServerOptions } from "./server-options.js";
export { consoleLogger, silentLogger, type Logger } from "./logger.js";
export { SIGNALING_WS_PATH } from "./ws/upgrade-auth.js";
export { CLOSE_REPLACED } from "./ws/session-table.js";
export type { TurnOptions } from "./turn/turn-options.js";
