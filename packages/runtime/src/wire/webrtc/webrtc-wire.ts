import type { ActrId } from "@actr/protocol";
import type { Logger } from "../../common/logger.js";
import { PayloadType } from "../../common/payload-type.js";
import { InvalidArgumentError, TransportError } from "../../errors/actr-error.js";
import type { Lane } from "../../transport/lane.js";
import type { PeerMedia } from "./peer-media.js";
import { selectedPairTypes, type RtcStatsReport, type SelectedPairTypes } from "./selected-pair.js";
import type { Wire } from "../../transport/wire.js";
import { ChannelSender } from "./channel-sender.js";
import { FragmentError } from "./fragment-header.js";
import { fragment } from "./fragmenter.js";
import { LANE_SPECS, laneForLabel, type LaneSpec } from "./lanes.js";
import { Reassembler, type ReassemblyLimits } from "./reassembler.js";
import type { RtcDataChannel, RtcPeerConnection } from "./rtc-api.js";

export interface WebRtcWireOptions {
  /** The peer as logs name it. */
  readonly peerName: string;
  readonly sendWindowBytes: number;
  readonly reassembly: ReassemblyLimits;
  /** How long a "disconnected" connection may take to come back before the wire closes. */
  readonly disconnectGraceMs: number;
  /** Receives every envelope the peer sent, reassembled. */
  readonly onMessage: (payloadType: PayloadType, data: Uint8Array) => void;
  readonly logger: Logger;
}

/**
 * How long a send on a lane without a channel waits for the peer's channel before creating one.
 * A peer that creates every lane opens them all at once, but they are announced here one by one
 * and the first opens the wire; creating a second channel for a lane meanwhile is wasted and, on
 * libdatachannel, can collide with the engine's own opening of channels (it sends the new
 * channel's open message twice and the peer resets the stream, closing the lane).
 */
const LANE_GRACE_MS = 250;

/** A send waiting for its lane's channel. */
interface WaitingSend {
  readonly data: Uint8Array;
  resolve(): void;
  reject(error: Error): void;
}

interface LaneChannel {
  readonly spec: LaneSpec;
  readonly channel: RtcDataChannel;
  readonly sender: ChannelSender;
  readonly reassembler: Reassembler;
  nextMessageId: number;
}

/**
 * The WebRTC wire to one peer: one peer connection with a DataChannel per lane, every message
 * with the fragment header, envelopes over one message fragmented. Either side may create a
 * lane's channel (the offerer creates them all up front; a lane without one waits briefly for the
 * peer's, then gets its own) and every channel with a lane's label is read. The wire opens with its first open channel
 * and closes, once, when the connection fails or any channel closes.
 */
export class WebRtcWire implements Wire {
  readonly kind = "webrtc";
  /** Resolves when the first channel is open; rejects when the wire closes first. */
  readonly opened: Promise<void>;
  /** The connection's media tracks; undefined when the engine gives no access to RTP. */
  media: PeerMedia | undefined;
  /** Every attached channel; the first of each lane also sends. */
  private readonly channels: LaneChannel[] = [];
  private readonly lanes = new Map<PayloadType, LaneChannel>();
  private readonly laneFacades = new Map<PayloadType, Lane>();
  /** Sends on lanes whose channel has not come yet, in order, with the timer that gives up waiting for the peer's. */
  private readonly waiting = new Map<PayloadType, { readonly timer: ReturnType<typeof setTimeout>; readonly sends: WaitingSend[] }>();
  private readonly closeListeners: (() => void)[] = [];
  private markOpened!: () => void;
  private markFailed!: (error: Error) => void;
  private open = false;
  private closed = false;
  private disconnectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly peer: ActrId,
    private readonly connection: RtcPeerConnection,
    private readonly options: WebRtcWireOptions,
  ) {
    this.opened = new Promise<void>((resolve, reject) => {
      this.markOpened = resolve;
      this.markFailed = reject;
    });
    // A wire nobody awaited must not turn its failure into an unhandled rejection.
    this.opened.catch(() => undefined);
    for (const spec of LANE_SPECS) {
      this.laneFacades.set(spec.payloadType, { payloadType: spec.payloadType, send: (data) => this.send(spec.payloadType, data) });
    }
    connection.ondatachannel = (channel) => this.attach(channel);
    connection.onconnectionstatechange = () => this.connectionStateChanged();
  }

  get isOpen(): boolean {
    return this.open && !this.closed;
  }

  /** Creates every lane's channel; the offerer does this before its offer. */
  createChannels(): void {
    for (const spec of LANE_SPECS) this.attach(this.connection.createDataChannel(spec.label, spec.init));
  }

  /** The candidate types of the selected ICE pair(s), e.g. to check that traffic is relayed; undefined when the engine reports no stats. */
  async selectedCandidatePairs(): Promise<SelectedPairTypes[] | undefined> {
    const report = await this.stats();
    return report === undefined ? undefined : selectedPairTypes(report);
  }

  /** The engine's W3C statistics of this connection; undefined when it reports none. */
  stats(): Promise<RtcStatsReport | undefined> {
    return this.connection.getStats?.() ?? Promise.resolve(undefined);
  }

  lane(payloadType: PayloadType): Lane {
    const lane = this.laneFacades.get(payloadType);
    if (lane !== undefined) return lane;
    if (payloadType === PayloadType.MEDIA_RTP) {
      throw new TransportError("Media travels as RTP tracks of the peer connection, not on a DataChannel lane");
    }
    throw new TransportError(`WebRTC wire has no lane for payload type ${payloadType}`);
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  close(reason = "closed"): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.disconnectTimer);
    const error = new TransportError(`WebRTC connection to ${this.options.peerName} ${reason}`);
    this.options.logger.debug(error.message);
    this.markFailed(error);
    for (const { timer, sends } of this.waiting.values()) {
      clearTimeout(timer);
      for (const send of sends) send.reject(error);
    }
    this.waiting.clear();
    for (const lane of this.channels) {
      lane.sender.fail(error);
      lane.reassembler.close();
      lane.channel.onmessage = null;
      lane.channel.onclose = null;
      lane.channel.onopen = null;
      lane.channel.onbufferedamountlow = null;
    }
    this.connection.ondatachannel = null;
    this.connection.onconnectionstatechange = null;
    this.connection.onicecandidate = null;
    this.connection.close();
    for (const listener of this.closeListeners.splice(0)) listener();
  }

  private send(payloadType: PayloadType, data: Uint8Array): Promise<void> {
    if (!this.isOpen) return Promise.reject(new TransportError(`WebRTC connection to ${this.options.peerName} is not open`));
    // The peer drops an envelope over its limit (the same on both actors), so say so here rather than lose it.
    const limit = this.options.reassembly.maxMessageBytes;
    if (data.byteLength > limit) {
      return Promise.reject(
        new InvalidArgumentError(
          `A message of ${data.byteLength} bytes is over the ${limit}-byte limit of the WebRTC connection to ${this.options.peerName}; ` +
            "send large data as a data stream in chunks, or raise maxPayloadBytes on both actors",
        ),
      );
    }
    const lane = this.lanes.get(payloadType);
    if (lane !== undefined) return this.write(lane, data);
    return new Promise((resolve, reject) => {
      let waiting = this.waiting.get(payloadType);
      if (waiting === undefined) {
        waiting = { timer: setTimeout(() => this.createChannel(payloadType), LANE_GRACE_MS), sends: [] };
        this.waiting.set(payloadType, waiting);
      }
      waiting.sends.push({ data, resolve, reject });
    });
  }

  private write(lane: LaneChannel, data: Uint8Array): Promise<void> {
    let messages: Uint8Array[];
    try {
      messages = fragment(lane.nextMessageId, data);
    } catch (error) {
      return Promise.reject(new TransportError((error as Error).message, { cause: error }));
    }
    lane.nextMessageId = (lane.nextMessageId + 1) >>> 0;
    return lane.sender.send(messages);
  }

  /** The channel of a lane the peer did not create (an implementation that creates them lazily). */
  private createChannel(payloadType: PayloadType): void {
    const spec = LANE_SPECS.find((candidate) => candidate.payloadType === payloadType);
    if (spec === undefined) return;
    let channel: RtcDataChannel;
    try {
      channel = this.connection.createDataChannel(spec.label, spec.init);
    } catch (error) {
      this.close(`could not create its ${spec.label} DataChannel: ${(error as Error).message}`);
      return;
    }
    this.attach(channel);
  }

  private attach(channel: RtcDataChannel): void {
    const { logger, peerName } = this.options;
    const spec = laneForLabel(channel.label);
    if (this.closed || spec === undefined) {
      const why = this.closed ? "the wire is closed" : "its label names no lane";
      logger.warn(`Closed DataChannel ${JSON.stringify(channel.label)} from ${peerName}: ${why}`);
      // On a later turn, once the engine has acknowledged the open (werift peers throw on an
      // acknowledgement for a channel that is already gone).
      setTimeout(() => channel.close(), 0);
      return;
    }
    const name = `${spec.label} to ${peerName}`;
    const reassembler = new Reassembler(this.options.reassembly, (messageId, received, total) =>
      logger.warn(`Dropped message ${messageId} on ${name}: ${received} of ${total} fragments arrived in time`),
    );
    const lane: LaneChannel = {
      spec,
      channel,
      sender: new ChannelSender(channel, this.options.sendWindowBytes, () => name, (error) => this.close(`lost a lane: ${error.message}`)),
      reassembler,
      nextMessageId: 0,
    };
    this.channels.push(lane);
    if (!this.lanes.has(spec.payloadType)) {
      this.lanes.set(spec.payloadType, lane);
      this.flushWaiting(lane);
    }
    channel.onmessage = (message) => this.receive(lane, name, message);
    channel.onclose = () => this.close(`lost its ${spec.label} DataChannel`);
    channel.onopen = () => {
      lane.sender.opened();
      this.markOpen();
    };
    if (channel.readyState === "open") channel.onopen();
  }

  /** The lane has its channel: the sends that waited for it go out first, in order. */
  private flushWaiting(lane: LaneChannel): void {
    const waiting = this.waiting.get(lane.spec.payloadType);
    if (waiting === undefined) return;
    this.waiting.delete(lane.spec.payloadType);
    clearTimeout(waiting.timer);
    for (const { data, resolve, reject } of waiting.sends) this.write(lane, data).then(resolve, reject);
  }

  private receive(lane: LaneChannel, name: string, message: Uint8Array): void {
    let envelope: Uint8Array | undefined;
    try {
      envelope = lane.reassembler.accept(message);
    } catch (error) {
      if (!(error instanceof FragmentError)) throw error;
      this.options.logger.warn(`Dropped a message on ${name}: ${error.message}`);
      return;
    }
    if (envelope === undefined) return;
    try {
      this.options.onMessage(lane.spec.payloadType, envelope);
    } catch (error) {
      this.options.logger.error(`Inbound handler failed for a message on ${name}`, error);
    }
  }

  private markOpen(): void {
    if (this.open || this.closed) return;
    this.open = true;
    this.markOpened();
  }

  private connectionStateChanged(): void {
    const state = this.connection.connectionState;
    if (state === "failed" || state === "closed") {
      this.close(`${this.open ? "was" : "became"} ${state}${this.open ? "" : " while connecting"}`);
    } else if (state === "disconnected") {
      this.disconnectTimer ??= setTimeout(() => this.close("stayed disconnected"), this.options.disconnectGraceMs);
    } else if (state === "connected") {
      clearTimeout(this.disconnectTimer);
      this.disconnectTimer = undefined;
    }
  }
}
