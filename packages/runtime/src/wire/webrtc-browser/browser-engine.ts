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

/*
 * The shapes of the browser's RTCPeerConnection this adapter uses. The runtime builds without the
 * DOM library, so the constructor is passed in (`globalThis.RTCPeerConnection` on a page).
 */
interface BrowserDataChannel {
  readonly label: string;
  readonly readyState: RtcDataChannel["readyState"];
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  binaryType: string;
  send(data: Uint8Array): void;
  close(): void;
  onopen: (() => void) | null;
  onclose: (() => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onbufferedamountlow: (() => void) | null;
}

interface BrowserIceCandidate {
  toJSON(): RtcIceCandidateInit;
}

interface BrowserPeerConnection {
  readonly connectionState: RtcPeerConnectionState;
  createOffer(): Promise<RtcSessionDescriptionInit>;
  createAnswer(): Promise<RtcSessionDescriptionInit>;
  setLocalDescription(description: RtcSessionDescriptionInit): Promise<void>;
  setRemoteDescription(description: RtcSessionDescriptionInit): Promise<void>;
  addIceCandidate(candidate: RtcIceCandidateInit): Promise<void>;
  createDataChannel(label: string, init: RtcDataChannelInit): BrowserDataChannel;
  getStats(): Promise<RtcStatsReport>;
  close(): void;
  onicecandidate: ((event: { readonly candidate: BrowserIceCandidate | null }) => void) | null;
  ondatachannel: ((event: { readonly channel: BrowserDataChannel }) => void) | null;
  onconnectionstatechange: (() => void) | null;
}

interface BrowserConfiguration {
  readonly iceServers: { urls: string[]; username?: string; credential?: string }[];
  readonly iceTransportPolicy: "all" | "relay";
}

export type BrowserPeerConnectionConstructor = new (configuration: BrowserConfiguration) => BrowserPeerConnection;

/** libwebrtc closes a channel whose buffer passes 16 MiB; the wire keeps far below that. */
const SEND_WINDOW_BYTES = 1024 * 1024;

/** The browser's own WebRTC (libwebrtc in Chromium) as an engine; it picks its own host addresses. */
export function browserEngine(RTCPeerConnection: BrowserPeerConnectionConstructor): RtcEngine {
  return {
    name: "browser",
    sendWindowBytes: SEND_WINDOW_BYTES,
    createPeerConnection: (configuration) => new BrowserPeer(new RTCPeerConnection(browserConfiguration(configuration))),
  };
}

function browserConfiguration(configuration: RtcConfiguration): BrowserConfiguration {
  return {
    iceServers: configuration.iceServers.map((server) => ({ ...server, urls: [...server.urls] })),
    iceTransportPolicy: configuration.iceTransportPolicy,
  };
}

class BrowserPeer implements RtcPeerConnection {
  onicecandidate: ((candidate: RtcIceCandidateInit | null) => void) | null = null;
  ondatachannel: ((channel: RtcDataChannel) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;

  constructor(private readonly pc: BrowserPeerConnection) {
    pc.onicecandidate = ({ candidate }) => this.onicecandidate?.(candidate === null ? null : candidate.toJSON());
    pc.ondatachannel = ({ channel }) => this.ondatachannel?.(new BrowserChannel(channel));
    pc.onconnectionstatechange = () => this.onconnectionstatechange?.();
  }

  get connectionState(): RtcPeerConnectionState {
    return this.pc.connectionState;
  }

  createOffer(): Promise<RtcSessionDescriptionInit> {
    return this.pc.createOffer();
  }

  createAnswer(): Promise<RtcSessionDescriptionInit> {
    return this.pc.createAnswer();
  }

  setLocalDescription(description: RtcSessionDescriptionInit): Promise<void> {
    return this.pc.setLocalDescription(description);
  }

  setRemoteDescription(description: RtcSessionDescriptionInit): Promise<void> {
    return this.pc.setRemoteDescription(description);
  }

  addIceCandidate(candidate: RtcIceCandidateInit): Promise<void> {
    return this.pc.addIceCandidate(candidate);
  }

  createDataChannel(label: string, init: RtcDataChannelInit): RtcDataChannel {
    return new BrowserChannel(this.pc.createDataChannel(label, init));
  }

  getStats(): Promise<RtcStatsReport> {
    return this.pc.getStats();
  }

  close(): void {
    this.onicecandidate = null;
    this.ondatachannel = null;
    this.onconnectionstatechange = null;
    this.pc.close();
  }
}

class BrowserChannel implements RtcDataChannel {
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((data: Uint8Array) => void) | null = null;
  onbufferedamountlow: (() => void) | null = null;

  constructor(private readonly channel: BrowserDataChannel) {
    channel.binaryType = "arraybuffer";
    channel.onopen = () => this.onopen?.();
    channel.onclose = () => this.onclose?.();
    channel.onmessage = ({ data }) => {
      if (data instanceof ArrayBuffer) this.onmessage?.(new Uint8Array(data));
    };
    channel.onbufferedamountlow = () => this.onbufferedamountlow?.();
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
    this.channel.send(data);
  }

  close(): void {
    this.channel.close();
  }
}
