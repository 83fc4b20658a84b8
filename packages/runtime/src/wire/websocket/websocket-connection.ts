import type { ActrId } from "@actr/protocol";
import { actrIdToString } from "@actr/protocol";
import type { RawData, WebSocket } from "ws";
import type { Logger } from "../../common/logger.js";
import { PayloadType } from "../../common/payload-type.js";
import { InvalidArgumentError, TransportError } from "../../errors/actr-error.js";
import type { Lane } from "../../transport/lane.js";
import type { Wire } from "../../transport/wire.js";
import { decodeFrame, encodeFrame, FRAME_HEADER_BYTES, FrameError } from "./frame.js";
import { keepAlive, type KeepaliveOptions } from "./keepalive.js";

/** Receives the frames a peer sent over one connection. */
export type FrameHandler = (payloadType: PayloadType, data: Uint8Array) => void;

export interface WebSocketConnectionOptions {
  /** Sends wait while more than this many bytes are queued on the socket. */
  readonly highWaterMark: number;
  /**
   * Largest frame this side accepts, taken as the peer's limit too (every actor has the same
   * default): a bigger message is refused before it is sent, since the peer would close the socket.
   */
  readonly maxPayload: number;
  /** Pings that find a peer gone silent; the socket is then dropped like a closed one. */
  readonly keepalive: KeepaliveOptions;
  readonly logger: Logger;
}

/** WebSocket close code for a frame that breaks the framing rules (RFC 6455, 1002). */
const PROTOCOL_ERROR = 1002;
/** Close codes worth a word in logs and errors (RFC 6455, 7.4.1). */
const CLOSE_CODES: Readonly<Record<number, string>> = {
  1000: "normal closure",
  1001: "going away",
  1002: "protocol error",
  1006: "connection lost without a close frame",
  1009: "message too big for the peer",
  1011: "peer error",
};
const RESOLVED: Promise<void> = Promise.resolve();

interface WaitingFrame {
  readonly frame: Uint8Array;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * The WebSocket wire: one socket to one peer carrying every lane, each message a frame
 * `[payload_type][length][data]`. A bad frame closes this socket only.
 */
export class WebSocketConnection implements Wire {
  readonly kind = "websocket";
  private readonly lanes: readonly Lane[];
  private readonly waiting: WaitingFrame[] = [];
  private readonly closeListeners: ((reason?: string) => void)[] = [];
  private closeReason: string | undefined;
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    readonly peer: ActrId,
    private readonly onFrame: FrameHandler,
    private readonly options: WebSocketConnectionOptions,
  ) {
    // A numeric enum also maps names to values: keep the values.
    this.lanes = Object.values(PayloadType).filter((value): value is PayloadType => typeof value === "number").map((payloadType) => ({
      payloadType,
      send: (data: Uint8Array) => this.send(payloadType, data),
    }));
    socket.binaryType = "nodebuffer";
    socket.on("message", (data, isBinary) => this.receive(data, isBinary));
    // Errors (e.g. a frame over maxPayload, which ws answers with 1009) are followed by "close".
    socket.on("error", (error) => this.options.logger.warn(`Closing WebSocket to ${actrIdToString(this.peer)}: ${this.describeError(error)}`));
    socket.on("close", (code, reason) => {
      const why = describeClose(code, reason.toString());
      if (!this.closed) this.options.logger.info(`WebSocket to ${actrIdToString(this.peer)} closed (${why})`);
      this.handleClose(why);
    });
    keepAlive(socket, options.keepalive, (silentMs) => {
      const why = `no answer to keepalive pings for ${silentMs} ms`;
      this.options.logger.warn(`Dropping WebSocket to ${actrIdToString(this.peer)}: ${why}`);
      this.handleClose(why);
      socket.terminate();
    });
  }

  get isOpen(): boolean {
    return !this.closed && this.socket.readyState === this.socket.OPEN;
  }

  lane(payloadType: PayloadType): Lane {
    const lane = this.lanes[payloadType];
    if (lane === undefined) throw new TransportError(`WebSocket wire has no lane for payload type ${payloadType}`);
    return lane;
  }

  onClose(listener: (reason?: string) => void): void {
    if (this.closed) listener(this.closeReason);
    else this.closeListeners.push(listener);
  }

  close(code?: number, reason?: string): void {
    if (this.socket.readyState === this.socket.CLOSED) return;
    this.socket.close(code, reason);
    this.handleClose(code === undefined ? "by this side" : `by this side: ${describeClose(code, reason ?? "")}`);
  }

  private send(payloadType: PayloadType, data: Uint8Array): Promise<void> {
    if (!this.isOpen) {
      return Promise.reject(new TransportError(`WebSocket to ${actrIdToString(this.peer)} is closed`));
    }
    const size = FRAME_HEADER_BYTES + data.byteLength;
    if (size > this.options.maxPayload) {
      return Promise.reject(
        new InvalidArgumentError(
          `A message of ${size} bytes is over the ${this.options.maxPayload}-byte limit of the WebSocket to ${actrIdToString(this.peer)}; ` +
            "send large data as a data stream in chunks, or raise maxPayloadBytes on both actors",
        ),
      );
    }
    const frame = encodeFrame(payloadType, data);
    // Queued frames go first, so lanes keep their order while the socket drains.
    if (this.waiting.length === 0 && this.socket.bufferedAmount < this.options.highWaterMark) {
      this.write(frame);
      return RESOLVED;
    }
    return new Promise((resolve, reject) => this.waiting.push({ frame, resolve, reject }));
  }

  private write(frame: Uint8Array): void {
    this.socket.send(frame, { binary: true }, this.onWritten);
  }

  // Each flushed frame gives the waiting ones a chance; a failed write ends in "close".
  private readonly onWritten = (error?: Error | null): void => {
    if (error != null) return;
    while (this.waiting.length > 0 && this.isOpen && this.socket.bufferedAmount < this.options.highWaterMark) {
      const next = this.waiting.shift()!;
      this.write(next.frame);
      next.resolve();
    }
  };

  private receive(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    try {
      if (!isBinary || !Buffer.isBuffer(data)) throw new FrameError("peer sent a text message; frames are binary");
      const { payloadType, data: payload } = decodeFrame(data);
      this.onFrame(payloadType, payload);
    } catch (error) {
      if (error instanceof FrameError) {
        this.options.logger.warn(`Closing WebSocket to ${actrIdToString(this.peer)}: ${error.message}`);
        this.close(PROTOCOL_ERROR, "bad frame");
      } else {
        this.options.logger.error(`Inbound handler failed for a frame from ${actrIdToString(this.peer)}`, error);
      }
    }
  }

  private describeError(error: Error & { code?: string }): string {
    if (error.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") return `it sent a message over the ${this.options.maxPayload}-byte limit (closing with 1009)`;
    return error.message;
  }

  private handleClose(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.closeReason = reason;
    const error = new TransportError(`WebSocket to ${actrIdToString(this.peer)} closed (${reason}) before the frame was sent`);
    for (const frame of this.waiting.splice(0)) frame.reject(error);
    for (const listener of this.closeListeners.splice(0)) listener(reason);
  }
}

function describeClose(code: number, reason: string): string {
  const words = [String(code), CLOSE_CODES[code], reason].filter((part) => part !== undefined && part !== "");
  return words.join(" ");
}
