import { RTCPeerConnection, StunProtocol, type RTCDataChannel } from "werift";
import type {
  RtcConfiguration,
  RtcDataChannel,
  RtcDataChannelInit,
  RtcEngine,
  RtcIceCandidateInit,
  RtcPeerConnection,
  RtcPeerConnectionState,
  RtcSessionDescriptionInit,
} from "../webrtc/rtc-api.js";
import type { RtcStatsReport } from "../webrtc/selected-pair.js";
import { weriftCodecs, WeriftMedia } from "./werift-media.js";

/** werift (pure TypeScript): installs everywhere, about 10 MB/s on one core. */
export const weriftEngine: RtcEngine = {
  name: "werift",
  // Every queued send starts another flush loop inside werift, so its queue stays short: the cost
  // is per message, and 16 KiB still lets a 64 KiB message through alone at full speed.
  sendWindowBytes: 16 * 1024,
  createPeerConnection: (configuration) => new WeriftPeerConnection(configuration),
};

/** How long a closing connection waits for its channels' stream resets to go out. */
const CLOSE_LINGER_MS = 500;

/**
 * The receive buffer of the UDP socket a connection settles on. At the system default (about
 * 200 KiB) a window of small messages arriving at once overflows it; every dropped packet costs an
 * SCTP retransmission after at least a second, and repeated ones back off until the association
 * gives up. The kernel caps the figure at net.core.rmem_max.
 */
const UDP_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

class WeriftPeerConnection implements RtcPeerConnection {
  onicecandidate: ((candidate: RtcIceCandidateInit | null) => void) | null = null;
  ondatachannel: ((channel: RtcDataChannel) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  readonly media: WeriftMedia;
  private readonly pc: RTCPeerConnection;
  private readonly channels: RTCDataChannel[] = [];

  constructor(configuration: RtcConfiguration) {
    const host = configuration.hostAddress;
    this.pc = new RTCPeerConnection({
      // werift's default is a public STUN server; an empty list keeps closed networks quiet.
      iceServers: configuration.iceServers.map((server) => ({ ...server, urls: [...server.urls] })),
      iceTransportPolicy: configuration.iceTransportPolicy,
      codecs: weriftCodecs(),
      // werift leaves loopback out of its host candidates unless it is named.
      ...(host === undefined ? {} : { iceAdditionalHostAddresses: [host], iceUseIpv6: host.includes(":") }),
    });
    this.pc.onicecandidate = ({ candidate }) => {
      this.onicecandidate?.(candidate === undefined ? null : candidate.toJSON());
    };
    this.pc.ondatachannel = ({ channel }) => {
      this.channels.push(channel);
      this.ondatachannel?.(new WeriftDataChannel(channel));
    };
    this.pc.onconnectionstatechange = () => {
      if (this.pc.connectionState === "connected") this.enlargeReceiveBuffers();
      this.onconnectionstatechange?.();
    };
    this.media = new WeriftMedia(this.pc);
  }

  /** werift has no option for the socket's buffer: it is set on the nominated pair's socket. */
  private enlargeReceiveBuffers(): void {
    for (const { connection } of this.pc.iceTransports) {
      const protocol = connection.nominated?.protocol;
      // A TURN relay's socket is not a STUN protocol's; it keeps the default.
      if (protocol instanceof StunProtocol) protocol.transport.socket.setRecvBufferSize(UDP_RECEIVE_BUFFER_BYTES);
    }
  }

  get connectionState(): RtcPeerConnectionState {
    return this.pc.connectionState;
  }

  async createOffer(): Promise<RtcSessionDescriptionInit> {
    const { type, sdp } = await this.pc.createOffer();
    return { type, sdp };
  }

  async createAnswer(): Promise<RtcSessionDescriptionInit> {
    const { type, sdp } = await this.pc.createAnswer();
    return { type, sdp };
  }

  async setLocalDescription(description: RtcSessionDescriptionInit): Promise<void> {
    await this.pc.setLocalDescription(description);
  }

  async setRemoteDescription(description: RtcSessionDescriptionInit): Promise<void> {
    await this.pc.setRemoteDescription(description);
  }

  async addIceCandidate(candidate: RtcIceCandidateInit): Promise<void> {
    await this.pc.addIceCandidate({
      candidate: candidate.candidate,
      sdpMid: candidate.sdpMid ?? undefined,
      sdpMLineIndex: candidate.sdpMLineIndex ?? undefined,
      usernameFragment: candidate.usernameFragment ?? undefined,
    });
  }

  getStats(): Promise<RtcStatsReport> {
    return this.pc.getStats();
  }

  createDataChannel(label: string, init: RtcDataChannelInit): RtcDataChannel {
    const channel = this.pc.createDataChannel(label, init);
    this.channels.push(channel);
    return new WeriftDataChannel(channel);
  }

  close(): void {
    this.onicecandidate = null;
    this.ondatachannel = null;
    this.onconnectionstatechange = null;
    // werift tears DTLS down before SCTP, so the peer would never hear of the close: reset every
    // channel's stream first (the peer's channels close at once), then close the connection.
    const open = this.channels.filter((channel) => channel.readyState === "open");
    for (const channel of open) channel.close();
    const closeConnection = (): void => void this.pc.close().catch(() => undefined);
    if (open.length === 0) {
      closeConnection();
      return;
    }
    const linger = setTimeout(closeConnection, CLOSE_LINGER_MS);
    let waiting = open.length;
    for (const channel of open) {
      channel.stateChanged.subscribe((state) => {
        if (state !== "closed" || --waiting > 0) return;
        clearTimeout(linger);
        closeConnection();
      });
    }
  }
}

class WeriftDataChannel implements RtcDataChannel {
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((data: Uint8Array) => void) | null = null;
  // werift has no onbufferedamountlow property, only the event.
  onbufferedamountlow: (() => void) | null = null;

  constructor(private readonly channel: RTCDataChannel) {
    channel.onopen = () => this.onopen?.();
    channel.onclose = () => this.onclose?.();
    channel.onmessage = ({ data }) => {
      if (typeof data !== "string") this.onmessage?.(data);
    };
    channel.bufferedAmountLow.subscribe(() => this.onbufferedamountlow?.());
  }

  get label(): string {
    return this.channel.label;
  }

  get readyState(): RtcDataChannel["readyState"] {
    return this.channel.readyState;
  }

  get bufferedAmount(): number {
    return this.channel.bufferedAmount;
  }

  get bufferedAmountLowThreshold(): number {
    return this.channel.bufferedAmountLowThreshold;
  }

  set bufferedAmountLowThreshold(value: number) {
    this.channel.bufferedAmountLowThreshold = value;
  }

  send(data: Uint8Array): void {
    this.channel.send(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  }

  close(): void {
    this.channel.close();
  }
}
