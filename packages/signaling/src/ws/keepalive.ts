import type { SessionTable } from "./session-table.js";

/**
 * Pings every actor's socket each `intervalMs` and drops those silent for `missedPings` intervals.
 * One timer for all sockets; returns it so that the server can stop it.
 */
export function startKeepalive(sessions: SessionTable, intervalMs: number, missedPings: number): NodeJS.Timeout {
  let lastSweepMs = performance.now();
  const timer = setInterval(() => {
    const sweepMs = performance.now();
    // A sweep later than planned means this process stalled, not the actors: their answers may
    // still be queued, so the deadline grows by the delay rather than dropping them for it.
    const lateMs = Math.max(0, sweepMs - lastSweepMs - intervalMs);
    lastSweepMs = sweepMs;
    const now = Date.now();
    for (const session of [...sessions.values()]) session.keepAlive(now, intervalMs * missedPings + lateMs);
  }, intervalMs);
  timer.unref();
  return timer;
}
