import { WebSocket, type RawData } from "ws";
import { actrTypeEquals, actrTypeMatches, type ActrId, type ActrType } from "@actr/protocol";
import type { ActorRecord } from "../registry/actor-registry.js";
import type { ServerContext } from "../server-context.js";
import { Status } from "../status.js";
import { announceActrUp } from "./actr-up.js";
import { EnvelopeError, encodeEnvelopeError, encodeRequestError } from "./envelope.js";
import { dispatchFrame } from "./frame-dispatch.js";

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * One actor's signaling socket: frames in, replies out, the heartbeat deadline and the ActrUp
 * subscriptions. An actor that misses its heartbeat leaves discovery but keeps its socket, and
 * returns with its next Ping; a socket that answers no WebSocket ping either is dropped.
 */
export class Session {
  readonly id: ActrId;
  readonly actorKey: string;
  readonly realmId: number;
  private pongSeq = 0n;
  private silent = false;
  /** When anything (frame, ping or pong) last came from the actor. */
  private lastHeardMs = Date.now();
  private readonly subscriptions: ActrType[] = [];
  // One timer per socket, pushed back by each Ping: expiry costs nothing until it fires.
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly socket: WebSocket,
    private readonly record: ActorRecord,
    /** The actor asked to answer WebRTC offers (webrtc_role=answer in the socket URL). */
    readonly wantsToAnswer: boolean,
    private readonly context: ServerContext,
  ) {
    this.id = record.id;
    this.actorKey = record.key;
    this.realmId = record.realmId;
    const { logger, heartbeatTimeoutMs } = context.options;
    this.heartbeat = setTimeout(() => this.expire(), heartbeatTimeoutMs);
    socket.on("message", (data, isBinary) => this.onFrame(toBytes(data), isBinary));
    const heard = (): void => {
      this.lastHeardMs = Date.now();
    };
    socket.on("message", heard);
    socket.on("pong", heard);
    socket.on("ping", heard);
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
    if (this.silent) {
      this.silent = false;
      this.context.options.logger.info(`heartbeat from ${this.actorKey} again; discoverable again`);
      announceActrUp(this.context, this.record);
    }
    this.pongSeq += 1n;
    return this.pongSeq;
  }

  /** False while the actor is silent past the heartbeat timeout. */
  get heartbeating(): boolean {
    return !this.silent;
  }

  subscribe(type: ActrType): void {
    if (!this.subscriptions.some((known) => actrTypeEquals(known, type))) this.subscriptions.push(type);
  }

  unsubscribe(type: ActrType): void {
    const index = this.subscriptions.findIndex((known) => actrTypeEquals(known, type));
    if (index >= 0) this.subscriptions.splice(index, 1);
  }

  /** Whether the actor subscribed to ActrUp events of a type that `type` matches. */
  subscribedTo(type: ActrType): boolean {
    return this.subscriptions.some((wanted) => actrTypeMatches(wanted, type));
  }

  send(bytes: Uint8Array): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(bytes);
  }

  close(code: number, reason: string): void {
    clearTimeout(this.heartbeat);
    this.context.sessions.remove(this);
    this.socket.close(code, reason);
  }

  /**
   * Pings the actor, or drops its socket when nothing came from it for `deadlineMs`: its process
   * froze or its network vanished, and TCP would take minutes to notice.
   */
  keepAlive(now: number, deadlineMs: number): void {
    const silentMs = now - this.lastHeardMs;
    if (silentMs >= deadlineMs) {
      this.context.options.logger.warn(`no answer from ${this.actorKey} to keepalive pings for ${silentMs} ms; dropping its socket`);
      this.socket.terminate();
    } else if (this.socket.readyState === WebSocket.OPEN) {
      this.socket.ping();
    }
  }

  private expire(): void {
    this.silent = true;
    this.context.options.logger.warn(
      `no heartbeat from ${this.actorKey} for ${this.context.options.heartbeatTimeoutMs} ms; hidden from discovery until it pings again`,
    );
  }

  private onFrame(bytes: Uint8Array, isBinary: boolean): void {
    try {
      dispatchFrame(this.context, this, bytes, isBinary);
    } catch (error) {
      if (error instanceof EnvelopeError) {
        this.context.options.logger.warn(`refused frame from ${this.actorKey} (${error.status}): ${error.message}`);
        const { status, message, replyFor } = error;
        this.send(replyFor === undefined ? encodeEnvelopeError(status, message) : encodeRequestError(this.id, status, message, replyFor));
        return;
      }
      this.context.options.logger.error(`frame from ${this.actorKey} failed: ${error instanceof Error ? error.stack : String(error)}`);
      this.send(encodeEnvelopeError(Status.Internal, "Internal error"));
    }
  }
}
