import type { ActrId } from "@actr/protocol";
import type { WebSocket } from "ws";
import type { Logger } from "../../common/logger.js";
import type { PayloadType } from "../../common/payload-type.js";
import type { Wire, WireConnector } from "../../transport/wire.js";
import { WebSocketConnection } from "./websocket-connection.js";
import { dialWebSocket } from "./websocket-dialer.js";
import type { KeepaliveOptions } from "./keepalive.js";

export interface WebSocketConnectorOptions {
  /** The peer's ws_address (e.g. ws://127.0.0.1:40123); rejects when it has none. */
  readonly resolveAddress: (target: ActrId) => Promise<string>;
  /** X-Actr-Source-ID and X-Actr-Credential of this actor, current at dial time. */
  readonly identityHeaders: () => Readonly<Record<string, string>>;
  readonly onFrame: (sender: ActrId, payloadType: PayloadType, data: Uint8Array) => void;
  readonly maxPayload: number;
  readonly highWaterMark: number;
  readonly dialTimeoutMs: number;
  /** For wires of both directions: those it dials and those it wraps for the listener. */
  readonly keepalive: KeepaliveOptions;
  readonly logger: Logger;
}

/** Dials a peer's WebSocket listener and wraps the socket as a wire. */
export class WebSocketConnector implements WireConnector {
  readonly kind = "websocket";

  constructor(private readonly options: WebSocketConnectorOptions) {}

  async connect(target: ActrId): Promise<Wire> {
    const { options } = this;
    const url = await options.resolveAddress(target);
    const dial = { headers: options.identityHeaders(), maxPayload: options.maxPayload, timeoutMs: options.dialTimeoutMs };
    return dialWebSocket(url, dial, (socket) => this.wrap(socket, target));
  }

  /** Wraps an open socket to `peer`, dialed by either side. */
  wrap(socket: WebSocket, peer: ActrId): WebSocketConnection {
    const { onFrame, highWaterMark, maxPayload, keepalive, logger } = this.options;
    return new WebSocketConnection(socket, peer, (payloadType, data) => onFrame(peer, payloadType, data), {
      highWaterMark,
      maxPayload,
      keepalive,
      logger,
    });
  }
}
