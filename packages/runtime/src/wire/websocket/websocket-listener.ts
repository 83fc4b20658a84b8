import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { ActrId } from "@actr/protocol";
import { WebSocketServer, type WebSocket } from "ws";

/** Result of checking the identity headers of an upgrade request. */
export type UpgradeCheck =
  | { readonly ok: true; readonly peer: ActrId }
  | {
      readonly ok: false;
      readonly message: string;
      /** 401 when the dialer could not be identified (the default), 403 when it is known and not allowed. */
      readonly status?: 401 | 403;
    };

export interface WebSocketListenerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Largest message accepted; a bigger one closes the socket (1009). */
  readonly maxPayload: number;
  /**
   * Decides from the request headers who is dialing, or refuses the upgrade (401 or 403). May take
   * a moment (e.g. to fetch the key that signed the dialer's credential).
   */
  readonly authenticate: (request: IncomingMessage) => UpgradeCheck | Promise<UpgradeCheck>;
  readonly onConnection: (socket: WebSocket, peer: ActrId) => void;
}

export interface WebSocketListener {
  readonly port: number;
  /** `ws://<host>:<port>`, the address registered as ws_address. */
  readonly url: string;
  close(): Promise<void>;
}

function refuse(socket: Duplex, status: number, reason: string, message: string): void {
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** The peer WebSocket listener of `[system.websocket] listen_port`: authenticated plain WS. */
export async function listenWebSocket(options: WebSocketListenerOptions): Promise<WebSocketListener> {
  const server = createServer((_request, response) => {
    response.writeHead(426, { "Content-Type": "text/plain" }).end("actr peer endpoint: WebSocket upgrade required\n");
  });
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: options.maxPayload });

  server.on("upgrade", async (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    let check: UpgradeCheck;
    try {
      check = await options.authenticate(request);
    } catch (error) {
      check = { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    if (socket.destroyed) return;
    if (!check.ok) {
      if (check.status === 403) refuse(socket, 403, "Forbidden", check.message);
      else refuse(socket, 401, "Unauthorized", check.message);
      return;
    }
    const { peer } = check;
    wss.handleUpgrade(request, socket, head, (ws) => options.onConnection(ws, peer));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = options.host.includes(":") ? `[${options.host}]` : options.host;

  return {
    port,
    url: `ws://${hostInUrl}:${port}`,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
