import type { SessionTable } from "./session-table.js";

/** A sweep this much later than planned means this process stalled, not the actors. */
const STALL_FACTOR = 1.5;

/**
 * Pings every actor's socket each `intervalMs` and drops those silent for `missedPings` intervals.
 * One timer for all sockets; returns it so that the server can stop it.
 */
export function startKeepalive(sessions: SessionTable, intervalMs: number, missedPings: number): NodeJS.Timeout {
  let lastSweepMs = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    const stalled = now - lastSweepMs > intervalMs * STALL_FACTOR;
    lastSweepMs = now;
    // After a stall the actors' answers may still be queued: judge them at the next sweep.
    const deadlineMs = stalled ? Number.POSITIVE_INFINITY : intervalMs * missedPings;
    for (const session of [...sessions.values()]) session.keepAlive(now, deadlineMs);
  }, intervalMs);
  timer.unref();
  return timer;
}
