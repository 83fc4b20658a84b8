/** Where the server reports what it does; inject a silent one in tests. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Concise console lines prefixed with `[signaling]`. */
export const consoleLogger: Logger = {
  info: (message) => console.log(`[signaling] ${message}`),
  warn: (message) => console.warn(`[signaling] ${message}`),
  error: (message) => console.error(`[signaling] ${message}`),
};

export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
};
