import type { ActrId } from "@actr/protocol";
import { actrIdToString } from "@actr/protocol";
import type { RawData, WebSocket } from "ws";
import type { Logger } from "../../common/logger.js";
import { PayloadType } from "../../common/payload-type.js";
import { TransportError } from "../../errors/actr-error.js";
import type { Lane } from "../../transport/lane.js";
import type { Wire } from "../../transport/wire.js";
import { decodeFrame, encodeFrame, FrameError } from "./frame.js";

/** Receives the frames a peer sent over one connection. */
export type FrameHandler = (payloadType: PayloadType, data: Uint8Array) => void;

export interface WebSocketConnectionOptions {
  /** Sends wait while more than this many bytes are queued on the socket. */
  readonly highWaterMark: number;
  readonly logger: Logger;
}

/** WebSocket close code for a frame that breaks the framing rules (RFC 6455, 1002). */
const PROTOCOL_ERROR = 1002;
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
  private readonly closeListeners: (() => void)[] = [];
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
    // Errors are followed by "close"; listening keeps them from becoming uncaught exceptions.
    socket.on("error", () => undefined);
    socket.on("close", () => this.handleClose());
  }

  get isOpen(): boolean {
    return !this.closed && this.socket.readyState === this.socket.OPEN;
  }

  lane(payloadType: PayloadType): Lane {
    const lane = this.lanes[payloadType];
    if (lane === undefined) throw new TransportError(`WebSocket wire has no lane for payload type ${payloadType}`);
    return lane;
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  close(code?: number, reason?: string): void {
    if (this.socket.readyState === this.socket.CLOSED) return;
    this.socket.close(code, reason);
    this.handleClose();
  }

  private send(payloadType: PayloadType, data: Uint8Array): Promise<void> {
    if (!this.isOpen) {
      return Promise.reject(new TransportError(`WebSocket to ${actrIdToString(this.peer)} is closed`));
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

  private handleClose(): void {
    if (this.closed) return;
    this.closed = true;
    const error = new TransportError(`WebSocket to ${actrIdToString(this.peer)} closed before the frame was sent`);
    for (const frame of this.waiting.splice(0)) frame.reject(error);
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
