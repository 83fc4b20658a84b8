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

/*
 * The shapes of node-datachannel's W3C polyfill this adapter uses. Its own declarations name the
 * DOM types, which a Node build does not have.
 */
interface PolyfillDataChannel {
  readonly label: string;
  readonly readyState: RtcDataChannel["readyState"];
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  send(data: Uint8Array): void;
  close(): void;
  onopen: (() => void) | null;
  onclose: (() => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onbufferedamountlow: (() => void) | null;
}

interface PolyfillPeerConnection {
  readonly connectionState: RtcPeerConnectionState;
  createOffer(): Promise<RtcSessionDescriptionInit>;
  createAnswer(): Promise<RtcSessionDescriptionInit>;
  setLocalDescription(description: RtcSessionDescriptionInit): Promise<void>;
  setRemoteDescription(description: RtcSessionDescriptionInit): Promise<void>;
  addIceCandidate(candidate: RtcIceCandidateInit): Promise<void>;
  createDataChannel(label: string, init: RtcDataChannelInit): PolyfillDataChannel;
  close(): void;
  onicecandidate: ((event: { readonly candidate: RtcIceCandidateInit | null }) => void) | null;
  ondatachannel: ((event: { readonly channel: PolyfillDataChannel }) => void) | null;
  onconnectionstatechange: (() => void) | null;
}

interface PolyfillConfiguration {
  /** Names the connection in libdatachannel's logs. */
  readonly peerIdentity: string;
  readonly iceServers: { urls: string[]; username?: string; credential?: string }[];
  readonly iceTransportPolicy: "all" | "relay";
  /** libdatachannel's bind address; without one it never connects over loopback. */
  readonly bindAddress?: string;
}

export interface PolyfillModule {
  readonly RTCPeerConnection: new (configuration: PolyfillConfiguration) => PolyfillPeerConnection;
}

/**
 * node-datachannel (libdatachannel, native): an optional dependency, several times werift's
 * throughput. Loaded on demand so that actors using werift never need its binary.
 */
export async function loadNodeDataChannelEngine(): Promise<RtcEngine> {
  // A specifier in a variable: the build must not need the optional package or its DOM-typed declarations.
  const specifier = "node-datachannel/polyfill";
  const polyfill: PolyfillModule = await import(specifier);
  return {
    name: "node-datachannel",
    sendWindowBytes: 4 * 1024 * 1024,
    createPeerConnection: (configuration) => new NdcPeerConnection(polyfill, configuration),
  };
}

let connections = 0;

class NdcPeerConnection implements RtcPeerConnection {
  onicecandidate: ((candidate: RtcIceCandidateInit | null) => void) | null = null;
  ondatachannel: ((channel: RtcDataChannel) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  private readonly pc: PolyfillPeerConnection;

  constructor(polyfill: PolyfillModule, configuration: RtcConfiguration) {
    const host = configuration.hostAddress;
    this.pc = new polyfill.RTCPeerConnection({
      peerIdentity: `actr-${++connections}`,
      iceServers: configuration.iceServers.map((server) => ({ ...server, urls: [...server.urls] })),
      iceTransportPolicy: configuration.iceTransportPolicy,
      ...(host === undefined ? {} : { bindAddress: host }),
    });
    this.pc.onicecandidate = ({ candidate }) => this.onicecandidate?.(candidate);
    this.pc.ondatachannel = ({ channel }) => this.ondatachannel?.(new NdcDataChannel(channel));
    this.pc.onconnectionstatechange = () => this.onconnectionstatechange?.();
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
    return new NdcDataChannel(this.pc.createDataChannel(label, init));
  }

  close(): void {
    this.onicecandidate = null;
    this.ondatachannel = null;
    this.onconnectionstatechange = null;
    this.pc.close();
  }
}

class NdcDataChannel implements RtcDataChannel {
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((data: Uint8Array) => void) | null = null;
  onbufferedamountlow: (() => void) | null = null;

  constructor(private readonly channel: PolyfillDataChannel) {
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
