import { once } from "node:events";
import { createServer, STATUS_CODES, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import { createSigningKey, loadOrCreateSigningKey, toHex } from "@actr/protocol";
import { createHttpHandler } from "./http/http-handler.js";
import { CredentialIssuer } from "./identity/credential-issuer.js";
import { ActorRegistry } from "./registry/actor-registry.js";
import { loadRegistryState, registryStatePath, saveRegistryState } from "./registry/registry-state.js";
import type { ServerContext } from "./server-context.js";
import { resolveServerOptions, type ResolvedServerOptions, type SignalingServerOptions } from "./server-options.js";
import { authenticateUpgrade, SIGNALING_WS_PATH } from "./ws/upgrade-auth.js";
import { Session } from "./ws/session.js";
import { SessionTable } from "./ws/session-table.js";

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

/**
 * With a key file, the registry lives in a state file next to it, so a restart restores each
 * actor's ACL, spec and ws_address; without one, restored actors stay hidden (ActorRegistry.restore).
 */
function createRegistry(options: ResolvedServerOptions): ActorRegistry {
  const removalMemoryMs = Math.max(options.credentialTtlSec, options.renewalTtlSec) * 1000;
  if (options.keyFile === undefined) return new ActorRegistry({ removalMemoryMs });
  const path = registryStatePath(options.keyFile);
  return new ActorRegistry({
    removalMemoryMs,
    initial: loadRegistryState(path),
    persist: (state) => {
      try {
        saveRegistryState(path, state);
      } catch (error) {
        // The change itself took effect; only the next restart misses it, so the request still succeeds.
        options.logger.error(`cannot save the registry to ${path}: ${(error as Error).message}`);
      }
    },
  });
}

/** Starts the HTTP registration endpoints and the signaling WebSocket on one port. */
export async function startSignalingServer(options: SignalingServerOptions = {}): Promise<SignalingServer> {
  const resolved = resolveServerOptions(options);
  const { logger } = resolved;
  const key = resolved.keyFile === undefined ? createSigningKey() : loadOrCreateSigningKey(resolved.keyFile);
  const context: ServerContext = {
    options: resolved,
    issuer: new CredentialIssuer(key, resolved.credentialTtlSec, resolved.renewalTtlSec),
    registry: createRegistry(resolved),
    sessions: new SessionTable(),
  };
  const http = createServer(createHttpHandler(context));
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
      context.sessions.add(new Session(ws, record, context));
      logger.info(`connected ${record.key}${record.discoverable ? "" : " (unknown here: hidden from discovery until it registers again)"}`);
    });
  });
  http.on("clientError", (error, socket) => {
    logger.warn(`bad HTTP request: ${error.message}`);
    if (socket.writable) writeRawHttpError(socket, 400, "Bad request");
  });

  http.listen(resolved.port, resolved.host);
  await once(http, "listening");
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
