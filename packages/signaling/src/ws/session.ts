import { WebSocket, type RawData } from "ws";
import type { ActrId } from "@actr/protocol";
import type { ActorRecord } from "../registry/actor-registry.js";
import type { ServerContext } from "../server-context.js";
import { Status } from "../status.js";
import { EnvelopeError, encodeEnvelopeError } from "./envelope.js";
import { dispatchFrame } from "./frame-dispatch.js";

/** Close code sent to an actor that stopped sending Pings. */
export const CLOSE_HEARTBEAT_TIMEOUT = 4000;

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** One actor's signaling socket: frames in, replies out, and the heartbeat deadline. */
export class Session {
  readonly id: ActrId;
  readonly actorKey: string;
  readonly realmId: number;
  private pongSeq = 0n;
  // One timer per socket, pushed back by each Ping: expiry costs nothing until it fires.
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly socket: WebSocket,
    record: ActorRecord,
    private readonly context: ServerContext,
  ) {
    this.id = record.id;
    this.actorKey = record.key;
    this.realmId = record.realmId;
    const { logger, heartbeatTimeoutMs } = context.options;
    this.heartbeat = setTimeout(() => this.expire(), heartbeatTimeoutMs);
    socket.on("message", (data, isBinary) => this.onFrame(toBytes(data), isBinary));
    socket.on("error", (error) => logger.warn(`socket of ${this.actorKey}: ${error.message}`));
    socket.on("close", () => {
      clearTimeout(this.heartbeat);
      context.sessions.remove(this);
      logger.info(`disconnected ${this.actorKey}`);
    });
  }

  /** Records a heartbeat and returns the next Pong sequence number. */
  heartbeatReceived(): bigint {
    this.heartbeat.refresh();
    this.pongSeq += 1n;
    return this.pongSeq;
  }

  send(bytes: Uint8Array): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(bytes);
  }

  close(code: number, reason: string): void {
    clearTimeout(this.heartbeat);
    this.context.sessions.remove(this);
    this.socket.close(code, reason);
  }

  private expire(): void {
    this.context.options.logger.warn(`no heartbeat from ${this.actorKey} for ${this.context.options.heartbeatTimeoutMs} ms; dropping it`);
    this.close(CLOSE_HEARTBEAT_TIMEOUT, "heartbeat timeout");
  }

  private onFrame(bytes: Uint8Array, isBinary: boolean): void {
    try {
      dispatchFrame(this.context, this, bytes, isBinary);
    } catch (error) {
      if (error instanceof EnvelopeError) {
        this.context.options.logger.warn(`refused frame from ${this.actorKey} (${error.status}): ${error.message}`);
        this.send(encodeEnvelopeError(error.status, error.message, error.replyFor));
        return;
      }
      this.context.options.logger.error(`frame from ${this.actorKey} failed: ${error instanceof Error ? error.stack : String(error)}`);
      this.send(encodeEnvelopeError(Status.Internal, "Internal error"));
    }
  }
}
