import { once } from "node:events";
import { createServer, STATUS_CODES, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import { createSigningKey, loadOrCreateSigningKey, toHex } from "@actr/protocol";
import { createHttpHandler } from "./http/http-handler.js";
import { CredentialIssuer } from "./identity/credential-issuer.js";
import { ActorRegistry } from "./registry/actor-registry.js";
import { RegistryStore, registryStorePath } from "./registry/registry-store.js";
import type { ServerContext } from "./server-context.js";
import { resolveServerOptions, type ResolvedServerOptions, type SignalingServerOptions } from "./server-options.js";
import { authenticateUpgrade, SIGNALING_WS_PATH } from "./ws/upgrade-auth.js";
import { RateLimiter } from "./http/rate-limiter.js";
import { SlicedQueue } from "./http/sliced-queue.js";
import { announceActrUp } from "./ws/actr-up.js";
import { Session } from "./ws/session.js";
import { SessionTable } from "./ws/session-table.js";
import { startKeepalive } from "./ws/keepalive.js";

/** A running signaling server. */
export interface SignalingServer {
  /** Base HTTP URL, e.g. http://127.0.0.1:8081 */
  readonly url: string;
  /** Signaling WebSocket URL, e.g. ws://127.0.0.1:8081/signaling/ws */
  readonly wsUrl: string;
  /** Registration base URL, e.g. http://127.0.0.1:8081/ais */
  readonly aisUrl: string;
  readonly port: number;
  /** Raw 32-byte Ed25519 key that verifies the credentials this server issues. */
  readonly publicKey: Uint8Array;
  readonly keyId: number;
  /** Closes every socket and stops listening. */
  close(): Promise<void>;
}

// How long shutdown waits for actors to answer the close frame before cutting their sockets.
const CLOSE_GRACE_MS = 500;

function writeRawHttpError(socket: Duplex, status: number, message: string): void {
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\nConnection: close\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

// Registration work per event-loop turn before actors' frames are served again.
const HEAVY_WORK_SLICE_MS = 2;

// How often expired registrations are swept, at most.
const SWEEP_INTERVAL_MS = 60_000;

/**
 * With a key file, the registry lives in a SQLite file next to it, so a restart restores each
 * actor's ACL, spec and ws_address; without one, it lives in memory and restored actors stay
 * hidden (ActorRegistry.restore).
 */
function createRegistry(options: ResolvedServerOptions, store: RegistryStore): ActorRegistry {
  return new ActorRegistry({
    removalMemoryMs: Math.max(options.credentialTtlSec, options.renewalTtlSec) * 1000,
    connectGraceMs: options.connectGraceMs,
    store,
  });
}

/** Starts the HTTP registration endpoints and the signaling WebSocket on one port. */
export async function startSignalingServer(options: SignalingServerOptions = {}): Promise<SignalingServer> {
  const resolved = resolveServerOptions(options);
  const { logger } = resolved;
  const key = resolved.keyFile === undefined ? createSigningKey() : loadOrCreateSigningKey(resolved.keyFile);
  const storePath = resolved.keyFile === undefined ? undefined : registryStorePath(resolved.keyFile);
  const store = new RegistryStore(storePath, (error) => {
    // The changes took effect here; only the next restart misses them, so requests still succeed.
    logger.error(`cannot write the registry ${storePath}: ${error.message}`);
  });
  let registry: ActorRegistry;
  try {
    registry = createRegistry(resolved, store);
  } catch (error) {
    store.close();
    throw error;
  }
  const context: ServerContext = {
    options: resolved,
    issuer: new CredentialIssuer(key, resolved.credentialTtlSec, resolved.renewalTtlSec),
    registry,
    sessions: new SessionTable(),
    registerLimiter: new RateLimiter(resolved.registerRateLimit),
    heavyWork: new SlicedQueue(HEAVY_WORK_SLICE_MS),
  };
  const sweep = setInterval(() => {
    for (const { key: expired, why } of registry.sweep((record) => context.sessions.has(record.key))) {
      logger.info(`registration of ${expired} expired (${why})`);
    }
    context.registerLimiter.prune();
  }, Math.min(SWEEP_INTERVAL_MS, resolved.connectGraceMs / 2));
  sweep.unref();
  const keepalive = startKeepalive(context.sessions, resolved.keepaliveIntervalMs, resolved.keepaliveMissedPings);
  // Slow or half-sent requests must not hold sockets: headers and whole requests have deadlines.
  const http = createServer(
    {
      headersTimeout: resolved.headersTimeoutMs,
      requestTimeout: resolved.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, resolved.headersTimeoutMs / 2),
    },
    createHttpHandler(context),
  );
  const wss = new WebSocketServer({ noServer: true, maxPayload: resolved.maxFrameBytes });

  http.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", (error) => logger.warn(`upgrade socket: ${error.message}`));
    const auth = authenticateUpgrade(context, request);
    if (!auth.ok) {
      logger.warn(`refused signaling connection (${auth.status}): ${auth.message}`);
      writeRawHttpError(socket, auth.status, auth.message);
      return;
    }
    const { record } = auth;
    wss.handleUpgrade(request, socket, head, (ws) => {
      registry.connected(record);
      context.sessions.add(new Session(ws, record, auth.wantsToAnswer, context));
      announceActrUp(context, record);
      logger.info(`connected ${record.key}${record.discoverable ? "" : " (unknown here: hidden from discovery until it registers again)"}`);
    });
  });
  http.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    const timedOut = error.code === "ERR_HTTP_REQUEST_TIMEOUT";
    logger.warn(`${timedOut ? "slow" : "bad"} HTTP request: ${error.message}`);
    if (socket.writable) writeRawHttpError(socket, timedOut ? 408 : 400, timedOut ? "Request timeout" : "Bad request");
  });

  http.listen(resolved.port, resolved.host);
  try {
    await once(http, "listening");
  } catch (error) {
    clearInterval(sweep);
    clearInterval(keepalive);
    store.close();
    throw error;
  }
  const port = (http.address() as AddressInfo).port;
  const hostForUrl = resolved.host.includes(":") ? `[${resolved.host}]` : resolved.host;
  const url = `http://${hostForUrl}:${port}`;
  logger.info(`listening on ${url} (signing key ${key.keyId}, public ${toHex(key.publicKeyRaw)})`);
  if (resolved.turn !== undefined) logger.info(`issuing TURN credentials for ${resolved.turn.urls.join(", ")}`);

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    context.sessions.closeAll(1001, "server shutting down");
    const sockets = [...wss.clients];
    const deadline = setTimeout(() => sockets.forEach((socket) => socket.terminate()), CLOSE_GRACE_MS);
    await Promise.all(sockets.map((socket) => (socket.readyState === WebSocket.CLOSED ? undefined : once(socket, "close"))));
    clearTimeout(deadline);
    wss.close();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    clearInterval(sweep);
    clearInterval(keepalive);
    store.close();
    logger.info("stopped");
  };

  return {
    url,
    wsUrl: `ws://${hostForUrl}:${port}${SIGNALING_WS_PATH}`,
    aisUrl: `${url}/ais`,
    port,
    publicKey: key.publicKeyRaw,
    keyId: key.keyId,
    close: () => (closing ??= close()),
  };
}
