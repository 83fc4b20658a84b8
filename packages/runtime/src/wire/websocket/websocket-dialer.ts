import type { IncomingMessage } from "node:http";
import { WebSocket } from "ws";
import { urlForLog } from "../../common/url-for-log.js";
import { TransportError } from "../../errors/actr-error.js";

export interface DialOptions {
  readonly headers: Readonly<Record<string, string>>;
  readonly maxPayload: number;
  readonly timeoutMs: number;
}

/**
 * Opens a WebSocket and hands it to `adopt` in the "open" event itself, so that no message can
 * arrive before its handlers are attached. Rejects with a TransportError that names the URL
 * (without its query, which may hold a credential) and, if any, the HTTP status.
 */
export function dialWebSocket<T>(url: string, options: DialOptions, adopt: (socket: WebSocket) => T): Promise<T> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, {
      headers: { ...options.headers },
      perMessageDeflate: false,
      maxPayload: options.maxPayload,
      handshakeTimeout: options.timeoutMs,
    });
    const fail = (message: string, cause?: unknown): void => {
      socket.removeAllListeners();
      socket.on("error", () => undefined);
      socket.terminate();
      reject(new TransportError(`Cannot connect to ${urlForLog(url)}: ${message}`, { cause }));
    };
    socket.once("open", () => {
      socket.removeAllListeners();
      resolve(adopt(socket));
    });
    socket.once("unexpected-response", (_request, response: IncomingMessage) => {
      response.resume();
      fail(`HTTP ${response.statusCode ?? "?"} ${response.statusMessage ?? ""}`.trimEnd());
    });
    socket.once("error", (error) => fail(error.message, error));
  });
}
