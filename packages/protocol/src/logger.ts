/**
 * Where actr code (the runtime, the signaling server) reports what it drops, retries or fails to
 * do; a Logger never throws. `detail` is an error or a value worth printing with the message.
 */
export interface Logger {
  debug(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

const LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LEVELS)[number];

/**
 * Writes `[<prefix> <level>] message` to stderr from `level` up; the default level comes from
 * ACTR_LOG (debug, info, warn, error), else "warn", so a quiet process prints only what needs attention.
 */
export function consoleLogger(level: LogLevel = levelFromEnv(), prefix = "actr"): Logger {
  const min = LEVELS.indexOf(level);
  const at =
    (l: LogLevel) =>
    (message: string, detail?: unknown): void => {
      if (LEVELS.indexOf(l) < min) return;
      if (detail === undefined) console.error(`[${prefix} ${l}] ${message}`);
      else console.error(`[${prefix} ${l}] ${message}`, detail);
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** Prints nothing, e.g. for tests. */
export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function levelFromEnv(): LogLevel {
  // No environment outside Node (a browser): the default level.
  const value = typeof process === "undefined" ? undefined : process.env["ACTR_LOG"];
  return LEVELS.find((l) => l === value) ?? "warn";
}
