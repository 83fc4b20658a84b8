import { randomUUID } from "node:crypto";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  ActrRelaySchema,
  ActrToSignalingSchema,
  actrTypeToString,
  DiscoveryRequestSchema,
  GetServiceSpecRequestSchema,
  GetSigningKeyRequestSchema,
  PingSchema,
  RouteCandidatesRequestSchema,
  ServiceAvailabilityState,
  SIGNALING_ENVELOPE_VERSION,
  SignalingEnvelopeSchema,
  signalingWsUrl,
  SubscribeActrUpRequestSchema,
  UnregisterRequestSchema,
  UnsubscribeActrUpRequestSchema,
  type ActrId,
  type ActrRelay,
  type ActrToSignaling,
  type ActrType,
  type CredentialWarning,
  type ErrorResponse,
  type RouteCandidatesOk,
  type ServiceSpec,
  type SignalingEnvelope,
  type SignalingToActr,
  type TypeEntry,
} from "@actr/protocol";
import { WebSocket, type RawData } from "ws";
import { consoleLogger, type Logger } from "../common/logger.js";
import { urlForLog } from "../common/url-for-log.js";
import { TimeoutError, TransportError } from "../errors/actr-error.js";
import { dialWebSocket, UpgradeRefusedError } from "../wire/websocket/websocket-dialer.js";
import type { ActorIdentity } from "./actor-identity.js";
import { Backoff, type BackoffOptions } from "./backoff.js";
import { DEFAULT_MAX_PAYLOAD_BYTES } from "./network-options.js";
import { CredentialRejectedError, signalingError } from "./signaling-error.js";

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
/** A request waiting for its reply; `what` names it in errors. */
type PendingRequest = Pending<SignalingReply> & { readonly what: string };
/** Why the credential needs renewing now: a Pong's warning or a refused (401) request. */
export type CredentialTrouble = { readonly warning: CredentialWarning } | { readonly rejected: CredentialRejectedError };
/** A request or relay waiting for a lost socket to come back. */
type ConnectionWaiter = Pending<void>;

/** Longest wait for the server to confirm an unregister at close. */
const UNREGISTER_WAIT_MS = 1_000;

/**
 * The signaling WebSocket of one registered actor: request/reply by envelope id, heartbeat,
 * relay of WebRTC negotiation, and reconnection with backoff after a lost socket.
 */
export class SignalingClient {
  private socket: WebSocket | undefined;
  private readonly pending = new Map<string, PendingRequest>();
  private readonly relayHandlers: ((relay: ActrRelay) => void)[] = [];
  private readonly pushHandlers: ((push: SignalingReply) => void)[] = [];
  private readonly credentialListeners: ((trouble: CredentialTrouble) => void)[] = [];
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

  /** Receives what the server sends unasked (no reply_for), e.g. ActrUpEvent. */
  onPush(handler: (push: SignalingReply) => void): void {
    this.pushHandlers.push(handler);
  }

  /** Told when the server warns about the credential in a Pong or refuses it (401). */
  onCredentialTrouble(listener: (trouble: CredentialTrouble) => void): void {
    this.credentialListeners.push(listener);
  }

  /** Sends role negotiation, SDP or ICE to another actor through the server. */
  async relay(target: ActrId, payload: RelayPayload): Promise<void> {
    const { actorId: source, credential } = this.options.identity;
    const relay = create(ActrRelaySchema, { source, credential, target, payload });
    await this.whenConnected();
    this.sendEnvelope({ case: "actrRelay", value: relay }, randomUUID());
  }

  /**
   * Sends a request and resolves with the payload of the reply. An error answer (SignalingToActr
   * error or envelope_error naming this request) rejects at once with the matching ActrError.
   */
  async request(payload: SignalingRequest): Promise<SignalingReply> {
    const deadline = Date.now() + this.options.requestTimeoutMs;
    await this.whenConnected(this.options.requestTimeoutMs);
    return this.send(payload, deadline - Date.now());
  }

  private send(payload: SignalingRequest, timeoutMs: number): Promise<SignalingReply> {
    const { actorId: source, credential } = this.options.identity;
    const message = create(ActrToSignalingSchema, { source, credential, payload });
    const envelopeId = randomUUID();
    const what = payload.case ?? "a request";
    return new Promise<SignalingReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        reject(new TimeoutError(`Signaling server did not answer ${what} within ${this.options.requestTimeoutMs} ms`));
      }, Math.max(0, timeoutMs));
      this.pending.set(envelopeId, { resolve, reject, timer, what });
      try {
        this.sendEnvelope({ case: "actrToServer", value: message }, envelopeId);
      } catch (error) {
        this.settle(envelopeId, (entry) => entry.reject(error as Error));
      }
    });
  }

  /** Route candidates of a type and their WebSocket addresses. */
  async routeCandidates(targetType: ActrType, fingerprint: string, candidateCount?: number): Promise<RouteCandidatesOk> {
    const criteria = candidateCount === undefined ? undefined : { candidateCount };
    const reply = await this.request({
      case: "routeCandidatesRequest",
      value: create(RouteCandidatesRequestSchema, { targetType, clientFingerprint: fingerprint, criteria }),
    });
    if (reply.case !== "routeCandidatesResponse") throw this.unexpected("RouteCandidatesResponse", reply);
    return resultOf(reply.value, `Discovery of ${actrTypeToString(targetType)} failed`, "RouteCandidatesResponse");
  }

  /** The ServiceSpec registered under a spec name (a service's full name), a `manufacturer+name` or a package name. */
  async serviceSpec(name: string): Promise<ServiceSpec> {
    const reply = await this.request({
      case: "getServiceSpecRequest",
      value: create(GetServiceSpecRequestSchema, { name }),
    });
    if (reply.case !== "getServiceSpecResponse") throw this.unexpected("GetServiceSpecResponse", reply);
    return resultOf(reply.value, `Service spec of ${JSON.stringify(name)} is not available`, "GetServiceSpecResponse");
  }

  /** The types present in this actor's realm with their service fingerprints, optionally of one manufacturer. */
  async discoverTypes(manufacturer?: string): Promise<readonly TypeEntry[]> {
    const reply = await this.request({
      case: "discoveryRequest",
      value: create(DiscoveryRequestSchema, manufacturer === undefined ? {} : { manufacturer }),
    });
    if (reply.case !== "discoveryResponse") throw this.unexpected("DiscoveryResponse", reply);
    return resultOf(reply.value, "Listing the types of the realm failed", "DiscoveryResponse").entries;
  }

  /** The raw Ed25519 public key the server signs credentials with under `keyId`. */
  async signingKey(keyId: number): Promise<Uint8Array> {
    const reply = await this.request({ case: "getSigningKeyRequest", value: create(GetSigningKeyRequestSchema, { keyId }) });
    if (reply.case !== "getSigningKeyResponse") throw this.unexpected("GetSigningKeyResponse", reply);
    if (reply.value.keyId !== keyId || reply.value.pubkey.length !== 32) {
      throw new TransportError(`Signaling server answered the signing key ${keyId} with key ${reply.value.keyId} of ${reply.value.pubkey.length} bytes`);
    }
    // A copy: the decoded bytes share the buffer of the whole frame.
    return new Uint8Array(reply.value.pubkey);
  }

  /** Asks the server for an ActrUpEvent push each time an actor of `targetType` comes online. */
  async subscribeActrUp(targetType: ActrType): Promise<void> {
    const reply = await this.request({ case: "subscribeActrUpRequest", value: create(SubscribeActrUpRequestSchema, { targetType }) });
    if (reply.case !== "subscribeActrUpResponse") throw this.unexpected("SubscribeActrUpResponse", reply);
    resultOf(reply.value, `Subscribing to ${actrTypeToString(targetType)} coming online failed`, "SubscribeActrUpResponse");
  }

  async unsubscribeActrUp(targetType: ActrType): Promise<void> {
    const reply = await this.request({ case: "unsubscribeActrUpRequest", value: create(UnsubscribeActrUpRequestSchema, { targetType }) });
    if (reply.case !== "unsubscribeActrUpResponse") throw this.unexpected("UnsubscribeActrUpResponse", reply);
    resultOf(reply.value, `Unsubscribing from ${actrTypeToString(targetType)} failed`, "UnsubscribeActrUpResponse");
  }

  /** Unregisters (when connected), closes the socket and stops every timer. */
  async close(reason = "shutdown"): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.heartbeat);
    const socket = this.socket;
    if (socket?.readyState === WebSocket.OPEN) {
      const unregister = create(UnregisterRequestSchema, { actrId: this.options.identity.actorId, reason });
      // The server confirms with an UnregisterResponse or by closing the socket; either will do.
      await this.send({ case: "unregisterRequest", value: unregister }, UNREGISTER_WAIT_MS).catch(() => undefined);
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

  /**
   * Tries to reconnect now rather than at the next step of the backoff, when one is waiting: e.g.
   * after a renewal replaced a credential the server refused.
   */
  reconnectNow(): void {
    if (this.closed || this.reconnectTimer === undefined) return;
    clearTimeout(this.reconnectTimer);
    this.reconnect();
  }

  /**
   * Drops the socket, if one is open, and connects again: e.g. under the new id of a new
   * registration, which the server must see on a socket of its own.
   */
  reopen(reason: string): void {
    if (this.closed) return;
    const socket = this.socket;
    if (socket === undefined) this.reconnectNow();
    else socket.close(1000, reason);
  }

  private scheduleReconnect(): void {
    this.reconnectTimer = setTimeout(() => this.reconnect(), this.backoff.next());
  }

  private reconnect(): void {
    this.reconnectTimer = undefined;
    this.open().catch((error: unknown) => {
      if (this.closed) return;
      const outage = this.outage;
      if (outage !== undefined) outage.failures++;
      const why = error instanceof Error ? error.message : String(error);
      // One line per outage at warn level; every further attempt only at debug.
      const log = outage?.failures === 1 ? this.logger.warn : this.logger.debug;
      log.call(this.logger, `Signaling reconnect to ${this.logUrl} failed (${why}); retrying`);
      this.scheduleReconnect();
      // A refused credential (expired, signed by a key the server no longer has, or of an actor it
      // forgot) will not be accepted at the next attempt either: renewing or registering again fixes it.
      if (error instanceof UpgradeRefusedError && error.status === 401) {
        const rejected = new CredentialRejectedError(why);
        for (const listener of this.credentialListeners) listener({ rejected });
      }
    });
  }

  // A missed Pong means the socket is dead even if TCP has not noticed; dropping it reconnects.
  private ping(): void {
    const ping = create(PingSchema, { availability: ServiceAvailabilityState.FULL, powerReserve: 1, mailboxBacklog: 0 });
    const socket = this.socket;
    this.request({ case: "ping", value: ping }).then(
      (reply) => {
        const warning = reply.case === "pong" ? reply.value.credentialWarning : undefined;
        if (warning === undefined) return;
        this.logger.warn(`Signaling server warns about this actor's credential: ${warning.message}; renewing it`);
        for (const listener of this.credentialListeners) listener({ warning });
      },
      (error: unknown) => {
        if (error instanceof TimeoutError && this.socket === socket) socket?.terminate();
      },
    );
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
    // Any envelope_version is read: released actors and servers still speak version 1.
    const { flow, replyFor } = envelope;
    switch (flow.case) {
      case "actrRelay":
        for (const handler of this.relayHandlers) this.deliver("relayed message", () => handler(flow.value));
        return;
      case "serverToActr": {
        const { payload } = flow.value;
        if (replyFor === "") {
          if (payload.case === "error") this.unrelatedError(payload.value);
          else for (const handler of this.pushHandlers) this.deliver(`pushed ${payload.case ?? "message"}`, () => handler(payload));
        } else if (payload.case === "error") {
          this.fail(replyFor, payload.value);
        } else {
          this.settle(replyFor, (entry) => entry.resolve(payload));
        }
        return;
      }
      case "envelopeError":
        if (replyFor === "") this.unrelatedError(flow.value);
        else this.fail(replyFor, flow.value);
        return;
      default:
        this.logger.debug(`Ignored a signaling message of kind ${flow.case ?? "none"}`);
    }
  }

  /** Rejects the request `replyFor` names with the ActrError of the server's code. */
  private fail(replyFor: string, reply: ErrorResponse): void {
    this.settle(replyFor, (entry) => {
      const error = replyError(`Signaling server refused ${entry.what}`, reply.code, reply.message);
      entry.reject(error);
      if (error instanceof CredentialRejectedError) {
        for (const listener of this.credentialListeners) listener({ rejected: error });
      }
    });
  }

  /** An error the server could not tie to a request (e.g. a frame it could not read). */
  /** Runs a handler of a server-sent message; its throw is logged, so one bad message cannot end the process from a socket event. */
  private deliver(what: string, handle: () => void): void {
    try {
      handle();
    } catch (error) {
      this.logger.warn(`Could not handle a ${what} from signaling: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private unrelatedError(reply: ErrorResponse): void {
    this.logger.warn(`Signaling server reported an error: ${reply.message} (code ${reply.code})`);
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
    return new TransportError(`Signaling server answered ${reply.case ?? "nothing"} instead of ${expected}`);
  }
}

function replyError(what: string, code: number, message: string): Error {
  return signalingError(code, `${what}: ${message} (code ${code})`);
}

/** The success of a `oneof result { success = 1; error = 2 }` answer; its error as an ActrError. */
function resultOf<T>(
  response: { readonly result: { case: "success"; value: T } | { case: "error"; value: ErrorResponse } | { case: undefined; value?: undefined } },
  what: string,
  typeName: string,
): T {
  const { result } = response;
  if (result.case === "success") return result.value;
  if (result.case === "error") throw replyError(what, result.value.code, result.value.message);
  throw new TransportError(`${what}: the server sent an empty ${typeName}`);
}
