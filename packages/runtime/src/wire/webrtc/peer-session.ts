import { create } from "@bufbuild/protobuf";
import {
  IceCandidateSchema,
  SessionDescriptionSchema,
  SessionDescription_Type,
  type IceCandidate,
} from "@actr/protocol/actr/webrtc_pb.js";
import type { ActrId } from "@actr/protocol";
import type { Logger } from "../../common/logger.js";
import { TransportError } from "../../errors/actr-error.js";
import type { RtpPacket } from "../../media/rtp-packet.js";
import { PeerMedia } from "./peer-media.js";
import type { RelayPort } from "./relay-port.js";
import type { RtcIceCandidateInit, RtcPeerConnection, RtcSdpType } from "./rtc-api.js";
import { iceUfragOf } from "./sdp-fields.js";
import { WebRtcWire, type WebRtcWireOptions } from "./webrtc-wire.js";

export type SessionRole = "offerer" | "answerer";

/** Remote candidates kept while the remote description is not yet applied. */
const MAX_EARLY_CANDIDATES = 64;

export interface PeerSessionOptions {
  readonly peer: ActrId;
  readonly connection: RtcPeerConnection;
  readonly relay: RelayPort;
  readonly wire: WebRtcWireOptions;
  /** The session closes when its wire is not open this long after it started. */
  readonly connectTimeoutMs: number;
  /** Receives the RTP packets of the peer's media tracks. */
  readonly onMediaRtp?: (trackId: string, packet: RtpPacket) => void;
  readonly logger: Logger;
}

/** Our renegotiation offer, waiting for the peer's answer. */
interface PendingRenegotiation {
  readonly exchangeId: string;
  readonly answered: (sdp: string) => void;
  readonly failed: (error: Error) => void;
}

/**
 * One attempt at a peer connection: the offer/answer exchange (tagged with sdp_exchange_id), the
 * trickled ICE candidates both ways (tagged with the ICE username fragment; remote ones that come
 * before the remote description wait), and a deadline. Its wire is the result.
 */
export class PeerSession {
  readonly wire: WebRtcWire;
  role: SessionRole | undefined;
  /** The sdp_exchange_id of the latest offer, ours or the peer's. */
  exchangeId: string | undefined;
  /** Set while an offer of ours waits for its answer. */
  private awaitingAnswer = false;
  private readonly connection: RtcPeerConnection;
  private localUfrag: string | undefined;
  private remoteUfrag: string | undefined;
  private readonly earlyCandidates: IceCandidate[] = [];
  /**
   * Local candidates wait until the peer can use them: an answerer's until its answer is on its
   * way, an offerer's until the answer is applied. Until then the answerer has no address to reach
   * the offerer at, so no DTLS handshake starts before the offerer knows the answer's certificate
   * fingerprint; libdatachannel fails a handshake whose certificate it cannot check yet, and
   * without this it does so whenever the peer's checks arrive while it applies the answer.
   */
  private outgoing: RtcIceCandidateInit[] | undefined = [];
  private readonly deadline: ReturnType<typeof setTimeout>;
  private pendingRenegotiation: PendingRenegotiation | undefined;
  /** Renegotiations run one at a time. */
  private renegotiations: Promise<void> = Promise.resolve();

  constructor(private readonly options: PeerSessionOptions) {
    this.connection = options.connection;
    this.wire = new WebRtcWire(options.peer, options.connection, options.wire);
    const { media } = options.connection;
    if (media !== undefined) {
      this.wire.media = new PeerMedia(media, {
        peerName: options.wire.peerName,
        renegotiate: () => this.renegotiate(),
        onRtp: (trackId, packet) => options.onMediaRtp?.(trackId, packet),
        logger: options.logger,
      });
    }
    this.wire.onClose(() => this.pendingRenegotiation?.failed(new TransportError(`WebRTC connection to ${this.name} closed during renegotiation`)));
    this.connection.onicecandidate = (candidate) => {
      if (candidate !== null && candidate.candidate !== "") this.trickle(candidate);
    };
    this.deadline = setTimeout(() => this.wire.close("did not open in time"), options.connectTimeoutMs);
    const stop = (): void => clearTimeout(this.deadline);
    this.wire.opened.then(stop, stop);
  }

  get name(): string {
    return this.options.wire.peerName;
  }

  /** As offerer: creates the lanes, then sends the offer. */
  async offer(exchangeId: string): Promise<void> {
    this.role = "offerer";
    this.exchangeId = exchangeId;
    this.wire.createChannels();
    const offer = await this.connection.createOffer();
    await this.setLocal(offer.type, offer.sdp);
    this.awaitingAnswer = true;
    await this.sendDescription(SessionDescription_Type.OFFER, offer.sdp);
  }

  /** Whether an answer with this sdp_exchange_id is the one our latest offer waits for. */
  expectsAnswer(exchangeId: string): boolean {
    return this.awaitingAnswer && this.exchangeId === exchangeId;
  }

  /** As answerer: applies the peer's offer and sends the answer with the same exchange id. */
  async answer(exchangeId: string, sdp: string): Promise<void> {
    this.role = "answerer";
    this.exchangeId = exchangeId;
    await this.setRemote("offer", sdp);
    const answer = await this.connection.createAnswer();
    await this.setLocal(answer.type, answer.sdp);
    await this.sendDescription(SessionDescription_Type.ANSWER, answer.sdp);
    await this.releaseCandidates();
  }

  /**
   * A further offer on the open connection (renegotiation, ICE restart): applied to the same
   * connection and answered with its exchange id. Candidates of the new ICE session wait for it.
   */
  async reoffered(exchangeId: string, sdp: string): Promise<void> {
    this.exchangeId = exchangeId;
    this.remoteUfrag = undefined;
    await this.setRemote("offer", sdp);
    const answer = await this.connection.createAnswer();
    await this.setLocal(answer.type, answer.sdp);
    await this.sendDescription(SessionDescription_Type.ANSWER, answer.sdp);
    await this.releaseCandidates();
  }

  /** Applies the answer to our latest offer (see expectsAnswer). */
  async accept(sdp: string): Promise<void> {
    this.awaitingAnswer = false;
    await this.setRemote("answer", sdp);
    await this.releaseCandidates();
  }

  /** A trickled remote candidate; ones without a username fragment or of another ICE session are dropped. */
  async addRemoteCandidate(candidate: IceCandidate): Promise<void> {
    if (candidate.usernameFragment === "") {
      this.options.logger.warn(`Dropped an ICE candidate from ${this.name}: it has no username_fragment`);
      return;
    }
    if (this.remoteUfrag === undefined) {
      if (this.earlyCandidates.length < MAX_EARLY_CANDIDATES) this.earlyCandidates.push(candidate);
      else this.options.logger.warn(`Dropped an early ICE candidate from ${this.name}: ${MAX_EARLY_CANDIDATES} are waiting already`);
      return;
    }
    if (candidate.usernameFragment !== this.remoteUfrag) {
      this.options.logger.debug(`Dropped an ICE candidate from ${this.name} of another ICE session (${candidate.usernameFragment})`);
      return;
    }
    const init: RtcIceCandidateInit = {
      candidate: candidate.candidate,
      sdpMid: candidate.sdpMid === "" ? null : candidate.sdpMid,
      sdpMLineIndex: candidate.sdpMlineIndex,
      usernameFragment: candidate.usernameFragment,
    };
    try {
      await this.connection.addIceCandidate(init);
    } catch (error) {
      this.options.logger.warn(`Ignored an ICE candidate from ${this.name} the engine refused: ${(error as Error).message}`);
    }
  }

  close(reason: string): void {
    this.wire.close(reason);
  }

  /** Offers the open connection again (a track was added) and applies the answer; one at a time. */
  renegotiate(): Promise<void> {
    const next = this.renegotiations.then(() => this.offerAgain());
    this.renegotiations = next.catch(() => undefined);
    return next;
  }

  /** Whether `exchangeId` answers our pending renegotiation offer. */
  awaitsRenegotiationAnswer(exchangeId: string): boolean {
    return this.pendingRenegotiation?.exchangeId === exchangeId;
  }

  acceptRenegotiation(sdp: string): void {
    this.pendingRenegotiation?.answered(sdp);
  }

  private async offerAgain(): Promise<void> {
    if (!this.wire.isOpen) throw new TransportError(`WebRTC connection to ${this.name} is not open`);
    const exchangeId = crypto.randomUUID();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const answer = new Promise<string>((resolve, reject) => {
      this.pendingRenegotiation = { exchangeId, answered: resolve, failed: reject };
      timer = setTimeout(
        () => reject(new TransportError(`${this.name} did not answer the renegotiation within ${this.options.connectTimeoutMs} ms`)),
        this.options.connectTimeoutMs,
      );
    });
    // A close while the offer is still being made rejects `answer` before it is awaited.
    answer.catch(() => undefined);
    try {
      const offer = await this.connection.createOffer();
      await this.setLocal(offer.type, offer.sdp);
      await this.sendDescription(SessionDescription_Type.RENEGOTIATION_OFFER, offer.sdp, exchangeId);
      await this.setRemote("answer", await answer);
    } finally {
      clearTimeout(timer);
      this.pendingRenegotiation = undefined;
    }
  }

  private async setLocal(type: RtcSdpType, sdp: string): Promise<void> {
    this.localUfrag = iceUfragOf(sdp);
    await this.connection.setLocalDescription({ type, sdp });
  }

  private async setRemote(type: RtcSdpType, sdp: string): Promise<void> {
    const ufrag = iceUfragOf(sdp);
    if (ufrag === undefined) throw new Error(`the ${type} from ${this.name} has no a=ice-ufrag line`);
    await this.connection.setRemoteDescription({ type, sdp });
    this.remoteUfrag = ufrag;
    for (const candidate of this.earlyCandidates.splice(0)) await this.addRemoteCandidate(candidate);
  }

  private async sendDescription(type: SessionDescription_Type, sdp: string, exchangeId = this.exchangeId ?? ""): Promise<void> {
    const description = create(SessionDescriptionSchema, { type, sdp, sdpExchangeId: exchangeId });
    await this.options.relay.send(this.options.peer, { case: "sessionDescription", value: description });
  }

  /** Sends the local candidates held back so far; later ones go out as they come. */
  private async releaseCandidates(): Promise<void> {
    const waiting = this.outgoing ?? [];
    this.outgoing = undefined;
    for (const candidate of waiting) await this.sendCandidate(candidate);
  }

  private trickle(candidate: RtcIceCandidateInit): void {
    if (this.outgoing !== undefined) this.outgoing.push(candidate);
    else void this.sendCandidate(candidate);
  }

  // Engines that leave usernameFragment out get the one of our description, known by now.
  private async sendCandidate(init: RtcIceCandidateInit): Promise<void> {
    const candidate = create(IceCandidateSchema, {
      candidate: init.candidate,
      sdpMid: init.sdpMid ?? "",
      sdpMlineIndex: init.sdpMLineIndex ?? 0,
      usernameFragment: init.usernameFragment ?? this.localUfrag ?? "",
    });
    try {
      await this.options.relay.send(this.options.peer, { case: "iceCandidate", value: candidate });
    } catch (error) {
      this.options.logger.warn(`Could not relay an ICE candidate to ${this.name}: ${(error as Error).message}`);
    }
  }
}
