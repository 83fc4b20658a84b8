import { create } from "@bufbuild/protobuf";
import { RoleNegotiationSchema, SessionDescription_Type, type IceCandidate } from "@actr/protocol/actr/webrtc_pb.js";
import type { ActrId } from "@actr/protocol";
import type { Logger } from "../../common/logger.js";
import type { RtpPacket } from "../../media/rtp-packet.js";
import type { PayloadType } from "../../common/payload-type.js";
import { TransportError } from "../../errors/actr-error.js";
import type { Wire, WireConnector } from "../../transport/wire.js";
import { PeerSession } from "./peer-session.js";
import type { ReassemblyLimits } from "./reassembler.js";
import type { RelayPayload, RelayPort } from "./relay-port.js";
import type { RtcConfiguration, RtcEngine } from "./rtc-api.js";
import type { WebRtcWire } from "./webrtc-wire.js";

export interface WebRtcConnectorOptions {
  readonly self: ActrId;
  readonly engine: RtcEngine;
  /** ICE servers and policy, read for every new connection (TURN credentials get renewed). */
  readonly configuration: () => RtcConfiguration;
  readonly relay: RelayPort;
  /** The text form of an actor id (one peer, one key). */
  readonly idText: (id: ActrId) => string;
  /** A wire the peer opened (it offered, or asked for roles): register it so sends reuse it. */
  readonly onInbound: (wire: Wire) => void;
  readonly onMessage: (sender: ActrId, payloadType: PayloadType, data: Uint8Array) => void;
  /** Receives the RTP packets of every peer's media tracks. */
  readonly onMediaRtp?: (sender: ActrId, trackId: string, packet: RtpPacket) => void;
  /** A connection not open this long after role negotiation started is given up. */
  readonly connectTimeoutMs: number;
  readonly disconnectGraceMs: number;
  readonly reassembly: ReassemblyLimits;
  readonly logger: Logger;
}

/** Remote candidates kept per peer while no session exists for it yet. */
const MAX_ORPHAN_CANDIDATES = 64;

interface Entry {
  readonly session: PeerSession;
  /** Someone's connect() returns this session's wire, so it is not handed to onInbound. */
  claimed: boolean;
  /** Resolves when the server assigned the roles of a connect() that asked for them. */
  roleAssigned?: (isOfferer: boolean) => void;
}

interface Orphans {
  readonly candidates: IceCandidate[];
  readonly timer: ReturnType<typeof setTimeout>;
}

/** Fresh connections tried before connect() gives up on an early failure. */
const CONNECT_ATTEMPTS = 3;

/**
 * Opens WebRTC wires through the signaling relay, in both roles. connect() asks the server for
 * roles (RoleNegotiation); a RoleAssignment or an offer from a peer that did not ask us starts a
 * session too, whose wire goes to onInbound. A peer that asks again while connected has lost its
 * side of the connection: the old one is replaced by a fresh one.
 */
export class WebRtcConnector implements WireConnector {
  readonly kind = "webrtc";
  private readonly sessions = new Map<string, Entry>();
  private readonly orphans = new Map<string, Orphans>();
  private closed = false;

  constructor(private readonly options: WebRtcConnectorOptions) {}

  /**
   * A wire to `target`, negotiated through the relay. A connection that fails early (the engine
   * closed it while connecting) is replaced by a fresh one, up to CONNECT_ATTEMPTS in all.
   */
  async connect(target: ActrId): Promise<Wire> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.connectOnce(target);
      } catch (error) {
        if (this.closed || attempt >= CONNECT_ATTEMPTS || Date.now() - started > this.options.connectTimeoutMs / 2) throw error;
        this.options.logger.info(`Retrying WebRTC to ${this.options.idText(target)} with a fresh connection: ${(error as Error).message}`);
      }
    }
  }

  private async connectOnce(target: ActrId): Promise<Wire> {
    if (this.closed) throw new TransportError("WebRTC connector is closed");
    const key = this.options.idText(target);
    const existing = this.sessions.get(key);
    if (existing !== undefined && !existing.session.wire.isOpen) {
      existing.claimed = true;
      return this.opened(existing.session);
    }
    existing?.session.close("replaced by a new connection");
    const entry = this.start(target, true);
    const role = new Promise<boolean>((resolve) => (entry.roleAssigned = resolve));
    const negotiation = create(RoleNegotiationSchema, { from: this.options.self, to: target, realmId: this.options.self.realm?.realmId ?? 0 });
    await this.options.relay.send(target, { case: "roleNegotiation", value: negotiation }).catch((error: unknown) => {
      entry.session.close(`could not be negotiated: ${(error as Error).message}`);
    });
    void Promise.race([role, entry.session.wire.opened]).then(
      (isOfferer) => {
        if (isOfferer === true) this.offer(entry);
      },
      () => undefined,
    );
    return this.opened(entry.session);
  }

  /** Handles one relayed negotiation message; anything unexpected is logged and dropped. */
  handleRelay(source: ActrId, payload: RelayPayload): void {
    if (this.closed) return;
    const key = this.options.idText(source);
    const entry = this.sessions.get(key);
    const { logger } = this.options;
    switch (payload.case) {
      case "roleAssignment":
        this.assigned(source, entry, payload.value.isOfferer);
        return;
      case "sessionDescription": {
        const { type, sdp, sdpExchangeId } = payload.value;
        if (type === SessionDescription_Type.ANSWER && entry?.session.awaitsRenegotiationAnswer(sdpExchangeId) === true) {
          entry.session.acceptRenegotiation(sdp);
          return;
        }
        if (type === SessionDescription_Type.ANSWER) {
          if (entry === undefined || !entry.session.expectsAnswer(sdpExchangeId)) {
            logger.warn(`Dropped an answer from ${key}: it answers no offer of ours (sdp_exchange_id ${JSON.stringify(sdpExchangeId)})`);
            return;
          }
          this.run(entry.session, "apply the answer", () => entry.session.accept(sdp));
          return;
        }
        if (entry !== undefined && entry.session.exchangeId === sdpExchangeId && entry.session.role === "answerer") return;
        if (type !== SessionDescription_Type.OFFER && entry?.session.wire.isOpen === true) {
          this.run(entry.session, "answer the renegotiation", () => entry.session.reoffered(sdpExchangeId, sdp));
          return;
        }
        // An offer starts a fresh connection, whatever there was; the peer decides that it needs one.
        const answering = entry !== undefined && entry.session.role === undefined && !entry.session.wire.isOpen ? entry : undefined;
        if (answering === undefined) entry?.session.close("replaced by the peer's new offer");
        const next = answering ?? this.start(source, false);
        this.run(next.session, "answer the offer", () => next.session.answer(sdpExchangeId, sdp));
        return;
      }
      case "iceCandidate":
        if (entry !== undefined) void entry.session.addRemoteCandidate(payload.value);
        else this.keepOrphan(key, payload.value);
        return;
      case "iceRestartRequest":
        entry?.session.close(`was given up at the peer's request (${payload.value.reason || "no reason given"})`);
        return;
      default:
        logger.warn(`Dropped a relay message of kind ${payload.case ?? "none"} from ${key}`);
    }
  }

  /** Closes every connection and stops every timer. */
  close(): void {
    this.closed = true;
    for (const entry of [...this.sessions.values()]) entry.session.close("closed by this actor");
    for (const orphans of this.orphans.values()) clearTimeout(orphans.timer);
    this.orphans.clear();
  }

  /** Peers with a session, open or being negotiated. */
  get sessionCount(): number {
    return this.sessions.size;
  }

  private assigned(source: ActrId, entry: Entry | undefined, isOfferer: boolean): void {
    if (entry?.roleAssigned !== undefined) {
      const resolve = entry.roleAssigned;
      entry.roleAssigned = undefined;
      resolve(isOfferer);
      return;
    }
    // Both sides asked at once: the second assignment repeats the first.
    if (entry !== undefined && !entry.session.wire.isOpen) return;
    entry?.session.close("replaced: the peer asked for a new connection");
    const next = this.start(source, false);
    if (isOfferer) this.offer(next);
  }

  private offer(entry: Entry): void {
    this.run(entry.session, "offer", () => entry.session.offer(crypto.randomUUID()));
  }

  private start(peer: ActrId, claimed: boolean): Entry {
    const { options } = this;
    const key = options.idText(peer);
    const session = new PeerSession({
      peer,
      connection: options.engine.createPeerConnection(options.configuration()),
      relay: options.relay,
      connectTimeoutMs: options.connectTimeoutMs,
      onMediaRtp: (trackId, packet) => options.onMediaRtp?.(peer, trackId, packet),
      logger: options.logger,
      wire: {
        peerName: key,
        sendWindowBytes: options.engine.sendWindowBytes,
        reassembly: options.reassembly,
        disconnectGraceMs: options.disconnectGraceMs,
        onMessage: (payloadType, data) => options.onMessage(peer, payloadType, data),
        logger: options.logger,
      },
    });
    const entry: Entry = { session, claimed };
    this.sessions.set(key, entry);
    session.wire.onClose(() => {
      if (this.sessions.get(key) === entry) this.sessions.delete(key);
    });
    session.wire.opened.then(
      () => {
        if (!entry.claimed) options.onInbound(session.wire);
      },
      () => undefined,
    );
    const orphans = this.orphans.get(key);
    if (orphans !== undefined) {
      clearTimeout(orphans.timer);
      this.orphans.delete(key);
      for (const candidate of orphans.candidates) void session.addRemoteCandidate(candidate);
    }
    return entry;
  }

  private async opened(session: PeerSession): Promise<WebRtcWire> {
    await session.wire.opened;
    return session.wire;
  }

  /** Runs a negotiation step; a failure (bad SDP, engine error) closes that session only. */
  private run(session: PeerSession, what: string, step: () => Promise<void>): void {
    step().catch((error: unknown) => {
      this.options.logger.warn(`WebRTC to ${session.name}: could not ${what}: ${(error as Error).message}`);
      session.close(`failed to ${what}`);
    });
  }

  private keepOrphan(key: string, candidate: IceCandidate): void {
    let orphans = this.orphans.get(key);
    if (orphans === undefined) {
      const timer = setTimeout(() => this.orphans.delete(key), this.options.connectTimeoutMs);
      orphans = { candidates: [], timer };
      this.orphans.set(key, orphans);
    }
    if (orphans.candidates.length < MAX_ORPHAN_CANDIDATES) orphans.candidates.push(candidate);
  }
}
