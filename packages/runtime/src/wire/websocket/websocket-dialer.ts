import type { IncomingMessage } from "node:http";
import { WebSocket } from "ws";
import { urlForLog } from "../../common/url-for-log.js";
import { TransportError } from "../../errors/actr-error.js";

/** The server answered the upgrade with an HTTP status instead of switching protocols. */
export class UpgradeRefusedError extends TransportError {
  override name = "UpgradeRefusedError";
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

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
    const fail = (error: TransportError): void => {
      socket.removeAllListeners();
      socket.on("error", () => undefined);
      socket.terminate();
      reject(error);
    };
    const what = `Cannot connect to ${urlForLog(url)}`;
    socket.once("open", () => {
      socket.removeAllListeners();
      resolve(adopt(socket));
    });
    socket.once("unexpected-response", (_request, response: IncomingMessage) => {
      response.resume();
      const status = response.statusCode ?? 0;
      fail(new UpgradeRefusedError(`${what}: HTTP ${status || "?"} ${response.statusMessage ?? ""}`.trimEnd(), status));
    });
    socket.once("error", (error) => fail(new TransportError(`${what}: ${error.message}`, { cause: error })));
  });
}
