import { randomUUID } from "node:crypto";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  ActrRelaySchema,
  ActrToSignalingSchema,
  actrTypeToString,
  PingSchema,
  RouteCandidatesRequestSchema,
  GetServiceSpecRequestSchema,
  ServiceAvailabilityState,
  SIGNALING_ENVELOPE_VERSION,
  SignalingEnvelopeSchema,
  signalingWsUrl,
  UnregisterRequestSchema,
  type ActrId,
  type ActrRelay,
  type ActrToSignaling,
  type ActrType,
  type RouteCandidatesOk,
  type ServiceSpec,
  type SignalingEnvelope,
  type SignalingToActr,
} from "@actr/protocol";
import { WebSocket, type RawData } from "ws";
import { consoleLogger, type Logger } from "../common/logger.js";
import { urlForLog } from "../common/url-for-log.js";
import { TimeoutError, TransportError } from "../errors/actr-error.js";
import { dialWebSocket } from "../wire/websocket/websocket-dialer.js";
import type { ActorIdentity } from "./actor-identity.js";
import { Backoff, type BackoffOptions } from "./backoff.js";
import { DEFAULT_MAX_PAYLOAD_BYTES } from "./network-options.js";
import { signalingError } from "./signaling-error.js";

export interface SignalingClientOptions {
  /** Signaling WebSocket URL without the identity query, e.g. ws://127.0.0.1:8081/signaling/ws. */
  readonly url: string;
  readonly identity: ActorIdentity;
  readonly heartbeatIntervalMs: number;
  /** How long a request waits for its reply (and for a lost socket to come back). */
  readonly requestTimeoutMs: number;
  readonly reconnect: BackoffOptions;
  /** Largest message accepted from the server; default that of NetworkOptions. */
  readonly maxPayloadBytes?: number;
  /** Default consoleLogger(). */
  readonly logger?: Logger;
}

/** The payload of a request this actor sends to the server. */
export type SignalingRequest = ActrToSignaling["payload"];
/** The payload of the server's reply. */
export type SignalingReply = SignalingToActr["payload"];
/** The WebRTC negotiation payload of an ActrRelay. */
export type RelayPayload = ActrRelay["payload"];

interface Pending<T> {
  resolve(value: T): void;
  reject(error: Error): void;
  readonly timer: NodeJS.Timeout;
}
type PendingRequest = Pending<SignalingReply>;
/** A request or relay waiting for a lost socket to come back. */
type ConnectionWaiter = Pending<void>;

/**
 * The signaling WebSocket of one registered actor: request/reply by envelope id, heartbeat,
 * relay of WebRTC negotiation, and reconnection with backoff after a lost socket.
 */
export class SignalingClient {
  private socket: WebSocket | undefined;
  private readonly pending = new Map<string, PendingRequest>();
  private readonly relayHandlers: ((relay: ActrRelay) => void)[] = [];
  private readonly connectedListeners: (() => void)[] = [];
  private readonly waiters = new Set<ConnectionWaiter>();
  private readonly backoff: Backoff;
  private readonly logger: Logger;
  private heartbeat: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** Since when the socket is lost and how many reconnects failed since; undefined while connected. */
  private outage: { readonly sinceMs: number; failures: number } | undefined;
  private closed = false;

  private constructor(private readonly options: SignalingClientOptions) {
    this.backoff = new Backoff(options.reconnect);
    this.logger = options.logger ?? consoleLogger();
  }

  /** Connects; the first connection must succeed, later losses reconnect in the background. */
  static async connect(options: SignalingClientOptions): Promise<SignalingClient> {
    const client = new SignalingClient(options);
    await client.open();
    return client;
  }

  get isConnected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Called after every (re)connection. */
  onConnected(listener: () => void): void {
    this.connectedListeners.push(listener);
  }

  /** Receives every ActrRelay addressed to this actor (WebRTC negotiation). */
  onRelay(handler: (relay: ActrRelay) => void): void {
    this.relayHandlers.push(handler);
  }

  /** Sends role negotiation, SDP or ICE to another actor through the server. */
  async relay(target: ActrId, payload: RelayPayload): Promise<void> {
    const { actorId: source, credential } = this.options.identity;
    const relay = create(ActrRelaySchema, { source, credential, target, payload });
    await this.whenConnected();
    this.sendEnvelope({ case: "actrRelay", value: relay }, randomUUID());
  }

  /** Sends a request and resolves with the payload of the reply. */
  async request(payload: SignalingRequest): Promise<SignalingReply> {
    const deadline = Date.now() + this.options.requestTimeoutMs;
    await this.whenConnected(this.options.requestTimeoutMs);
    const { actorId: source, credential } = this.options.identity;
    const message = create(ActrToSignalingSchema, { source, credential, payload });
    const envelopeId = randomUUID();
    return new Promise<SignalingReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        const what = payload.case ?? "a request";
        reject(new TimeoutError(`Signaling server did not answer ${what} within ${this.options.requestTimeoutMs} ms`));
      }, Math.max(0, deadline - Date.now()));
      this.pending.set(envelopeId, { resolve, reject, timer });
      try {
        this.sendEnvelope({ case: "actrToServer", value: message }, envelopeId);
      } catch (error) {
        this.settle(envelopeId, (entry) => entry.reject(error as Error));
      }
    });
  }

  /** Route candidates of a type and their WebSocket addresses. */
  async routeCandidates(targetType: ActrType, fingerprint: string): Promise<RouteCandidatesOk> {
    const reply = await this.request({
      case: "routeCandidatesRequest",
      value: create(RouteCandidatesRequestSchema, { targetType, clientFingerprint: fingerprint }),
    });
    if (reply.case !== "routeCandidatesResponse") throw this.unexpected("RouteCandidatesResponse", reply);
    const { result } = reply.value;
    if (result.case === "success") return result.value;
    const what = `Discovery of ${actrTypeToString(targetType)} failed`;
    if (result.case === "error") throw replyError(what, result.value.code, result.value.message);
    throw new TransportError(`${what}: the server sent an empty RouteCandidatesResponse`);
  }

  /** The ServiceSpec registered for a package name or `manufacturer+name`. */
  async serviceSpec(name: string): Promise<ServiceSpec> {
    const reply = await this.request({
      case: "getServiceSpecRequest",
      value: create(GetServiceSpecRequestSchema, { name }),
    });
    if (reply.case !== "getServiceSpecResponse") throw this.unexpected("GetServiceSpecResponse", reply);
    const { result } = reply.value;
    if (result.case === "success") return result.value;
    const what = `Service spec of ${JSON.stringify(name)} is not available`;
    if (result.case === "error") throw replyError(what, result.value.code, result.value.message);
    throw new TransportError(`${what}: the server sent an empty GetServiceSpecResponse`);
  }

  /** Unregisters (when connected), closes the socket and stops every timer. */
  async close(reason = "shutdown"): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.heartbeat);
    const socket = this.socket;
    if (socket?.readyState === WebSocket.OPEN) {
      const { actorId } = this.options.identity;
      const unregister = create(UnregisterRequestSchema, { actrId: actorId, reason });
      const { credential } = this.options.identity;
      const message = create(ActrToSignalingSchema, {
        source: actorId,
        credential,
        payload: { case: "unregisterRequest", value: unregister },
      });
      this.sendEnvelope({ case: "actrToServer", value: message }, randomUUID());
    }
    const closedError = new TransportError("Signaling client closed");
    this.rejectPending(closedError);
    for (const waiter of this.takeWaiters()) waiter.reject(closedError);
    if (socket !== undefined && socket.readyState !== WebSocket.CLOSED) {
      // close() flushes the unregister first.
      const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
      socket.close(1000, reason);
      const forced = setTimeout(() => socket.terminate(), 1_000);
      await closed;
      clearTimeout(forced);
    }
  }

  private async open(): Promise<void> {
    const { identity, url } = this.options;
    const fullUrl = signalingWsUrl(url, identity.actorId, identity.credential);
    const maxPayload = this.options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
    const dial = { headers: {}, maxPayload, timeoutMs: this.options.requestTimeoutMs };
    await dialWebSocket(fullUrl, dial, (socket) => this.attach(socket));
  }

  private attach(socket: WebSocket): void {
    if (this.closed) {
      socket.terminate();
      return;
    }
    this.socket = socket;
    socket.on("message", (data, isBinary) => this.receive(data, isBinary));
    socket.on("error", () => undefined);
    socket.on("close", () => this.lost(socket));
    this.backoff.reset();
    if (this.outage !== undefined) {
      const seconds = ((Date.now() - this.outage.sinceMs) / 1000).toFixed(1);
      this.logger.info(`Reconnected to signaling at ${this.logUrl} after ${seconds} s (${this.outage.failures} failed attempts)`);
      this.outage = undefined;
    }
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => this.ping(), this.options.heartbeatIntervalMs);
    for (const waiter of this.takeWaiters()) waiter.resolve();
    for (const listener of this.connectedListeners) listener();
  }

  private lost(socket: WebSocket): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    clearInterval(this.heartbeat);
    this.rejectPending(new TransportError("Signaling connection lost before the reply arrived"));
    if (this.closed) return;
    this.logger.warn(`Lost the signaling connection to ${this.logUrl}; reconnecting`);
    this.outage = { sinceMs: Date.now(), failures: 0 };
    this.scheduleReconnect();
  }

  /** The signaling URL as logs show it: its query would carry the credential. */
  private get logUrl(): string {
    return urlForLog(this.options.url);
  }

  private scheduleReconnect(): void {
    const delay = this.backoff.next();
    this.reconnectTimer = setTimeout(() => {
      this.open().catch((error: unknown) => {
        if (this.closed) return;
        const outage = this.outage;
        if (outage !== undefined) outage.failures++;
        const why = error instanceof Error ? error.message : String(error);
        // One line per outage at warn level; every further attempt only at debug.
        const log = outage?.failures === 1 ? this.logger.warn : this.logger.debug;
        log.call(this.logger, `Signaling reconnect to ${this.logUrl} failed (${why}); retrying`);
        this.scheduleReconnect();
      });
    }, delay);
  }

  // A missed Pong means the socket is dead even if TCP has not noticed; dropping it reconnects.
  private ping(): void {
    const ping = create(PingSchema, { availability: ServiceAvailabilityState.FULL, powerReserve: 1, mailboxBacklog: 0 });
    const socket = this.socket;
    this.request({ case: "ping", value: ping }).catch((error: unknown) => {
      if (error instanceof TimeoutError && this.socket === socket) socket?.terminate();
    });
  }

  private whenConnected(timeoutMs = this.options.requestTimeoutMs): Promise<void> {
    if (this.closed) return Promise.reject(new TransportError("Signaling client is closed"));
    if (this.isConnected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new TransportError(`Signaling server at ${this.logUrl} is unreachable (reconnecting)`));
      }, timeoutMs);
      const waiter: ConnectionWaiter = { resolve, reject, timer };
      this.waiters.add(waiter);
    });
  }

  /** Removes every waiter and stops its timeout; the caller settles them. */
  private takeWaiters(): ConnectionWaiter[] {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) clearTimeout(waiter.timer);
    return waiters;
  }

  private sendEnvelope(flow: SignalingEnvelope["flow"], envelopeId: string): void {
    const socket = this.socket;
    if (socket === undefined || socket.readyState !== WebSocket.OPEN) {
      throw new TransportError("Signaling connection is not open");
    }
    const envelope = create(SignalingEnvelopeSchema, { envelopeVersion: SIGNALING_ENVELOPE_VERSION, envelopeId, flow });
    socket.send(toBinary(SignalingEnvelopeSchema, envelope));
  }

  private receive(data: RawData, isBinary: boolean): void {
    let envelope: SignalingEnvelope;
    try {
      if (!isBinary || !Buffer.isBuffer(data)) throw new Error("text message");
      envelope = fromBinary(SignalingEnvelopeSchema, data);
    } catch (error) {
      this.logger.warn(`Ignored an undecodable signaling message: ${(error as Error).message}`);
      return;
    }
    const { flow, replyFor } = envelope;
    if (flow.case === "actrRelay") {
      for (const handler of this.relayHandlers) handler(flow.value);
    } else if (flow.case === "serverToActr" && replyFor !== "") {
      this.settle(replyFor, (entry) => entry.resolve(flow.value.payload));
    } else if (flow.case === "envelopeError" && replyFor !== "") {
      const error = replyError("Signaling server rejected the request", flow.value.code, flow.value.message);
      this.settle(replyFor, (entry) => entry.reject(error));
    }
  }

  private settle(envelopeId: string, action: (entry: PendingRequest) => void): void {
    const entry = this.pending.get(envelopeId);
    if (entry === undefined) return;
    this.pending.delete(envelopeId);
    clearTimeout(entry.timer);
    action(entry);
  }

  private rejectPending(error: Error): void {
    for (const id of [...this.pending.keys()]) this.settle(id, (entry) => entry.reject(error));
  }

  private unexpected(expected: string, reply: SignalingReply): Error {
    if (reply.case === "error") {
      const what = `Signaling server answered with an error instead of ${expected}`;
      return replyError(what, reply.value.code, reply.value.message);
    }
    return new TransportError(`Signaling server answered ${reply.case ?? "nothing"} instead of ${expected}`);
  }
}

function replyError(what: string, code: number, message: string): Error {
  return signalingError(code, `${what}: ${message} (code ${code})`);
}
