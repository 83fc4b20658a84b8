import { WebSocket } from "ws";

/** WebSocket ping frames that find a peer gone silent (frozen, unplugged, NAT mapping lost). */
export interface KeepaliveOptions {
  /** Ping period in ms; 0 turns keepalive off. */
  readonly intervalMs: number;
  /** Pings in a row without anything received back, after which the socket counts as dead. */
  readonly missedPings: number;
}

/** A ping every 15 s; a peer silent through two of them (30 to 45 s) is dead. */
export const DEFAULT_KEEPALIVE: KeepaliveOptions = { intervalMs: 15_000, missedPings: 2 };

/** A tick this much later than planned means this process stalled, not the peer. */
const STALL_FACTOR = 1.5;

/**
 * Pings `socket` each interval and calls `onDead` once, with how long the peer has been silent,
 * when `missedPings` pings in a row passed with nothing at all received (pong, ping or message).
 * Stops by itself when the socket closes.
 */
export function keepAlive(socket: WebSocket, options: KeepaliveOptions, onDead: (silentMs: number) => void): void {
  if (options.intervalMs <= 0) return;
  let lastHeardMs = Date.now();
  let lastTickMs = lastHeardMs;
  let pinged = false;
  let missed = 0;
  const heard = (): void => {
    lastHeardMs = Date.now();
    missed = 0;
  };
  socket.on("pong", heard);
  socket.on("ping", heard);
  socket.on("message", heard);
  const timer = setInterval(() => {
    const now = Date.now();
    const stalled = now - lastTickMs > options.intervalMs * STALL_FACTOR;
    lastTickMs = now;
    // An answer may be queued behind the stall: give it the next interval.
    if (pinged && lastHeardMs < now - options.intervalMs && !stalled) missed++;
    if (missed >= options.missedPings) {
      clearInterval(timer);
      onDead(now - lastHeardMs);
      return;
    }
    if (socket.readyState === WebSocket.OPEN) {
      socket.ping();
      pinged = true;
    }
  }, options.intervalMs);
  timer.unref();
  socket.once("close", () => clearInterval(timer));
}
