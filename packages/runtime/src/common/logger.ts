/** Where the runtime reports what it drops, retries or fails to do; never throws. */
export interface Logger {
  debug(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

const LEVELS = ["debug", "info", "warn", "error"] as const;
type Level = (typeof LEVELS)[number];

/**
 * Writes to stderr from `level` up; the default level comes from ACTR_LOG (debug, info, warn,
 * error), else "warn", so a quiet actor prints only what needs attention.
 */
export function consoleLogger(level: Level = levelFromEnv()): Logger {
  const min = LEVELS.indexOf(level);
  const at =
    (l: Level) =>
    (message: string, detail?: unknown): void => {
      if (LEVELS.indexOf(l) < min) return;
      if (detail === undefined) console.error(`[actr ${l}] ${message}`);
      else console.error(`[actr ${l}] ${message}`, detail);
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

function levelFromEnv(): Level {
  // No environment outside Node (a browser): the default level.
  const value = typeof process === "undefined" ? undefined : process.env["ACTR_LOG"];
  return LEVELS.find((l) => l === value) ?? "warn";
}
