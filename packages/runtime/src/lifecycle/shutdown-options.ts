/** How long shutdown keeps running the messages already queued in memory before it stops the handlers. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 5_000;

export interface ShutdownOptions {
  /** Default DEFAULT_SHUTDOWN_GRACE_MS; 0 stops after the message in progress. */
  readonly graceMs?: number;
}
