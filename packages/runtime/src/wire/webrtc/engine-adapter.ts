/**
 * What every engine adapter (browser, werift, node-datachannel) shares: the engines name these
 * members as the W3C API does, so forwarding them is written once here and an adapter only bridges
 * what its library does differently. Bundled for browsers: imports nothing from Node.
 */

import type {
  RtcConfiguration,
  RtcDataChannel,
  RtcDataChannelInit,
  RtcDataChannelState,
  RtcIceCandidateInit,
  RtcPeerConnection,
  RtcPeerConnectionState,
  RtcSessionDescriptionInit,
} from "./rtc-api.js";

/** The DataChannel members every engine has under their W3C names and meanings. */
export interface EngineDataChannel extends Pick<RtcDataChannel, "label" | "readyState" | "bufferedAmount" | "bufferedAmountLowThreshold" | "close"> {
  onopen?: (() => void) | null;
  onclose?: (() => void) | null;
}

/** The peer-connection members every engine has under their W3C names and meanings. */
export interface EnginePeerConnection extends Pick<RtcPeerConnection, "connectionState" | "createOffer" | "createAnswer" | "setRemoteDescription"> {
  /** Some engines answer with the description they applied. */
  setLocalDescription(description: RtcSessionDescriptionInit): Promise<unknown>;
  onconnectionstatechange?: (() => void) | null;
}

/** The ICE servers as the libraries' own (mutable) configuration types take them. */
export function engineIceServers(configuration: RtcConfiguration): { urls: string[]; username?: string; credential?: string }[] {
  return configuration.iceServers.map((server) => ({ ...server, urls: [...server.urls] }));
}

/** An engine's DataChannel as the wire's; a subclass sends and receives in the engine's terms. */
export abstract class DataChannelAdapter<C extends EngineDataChannel> implements RtcDataChannel {
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((data: Uint8Array) => void) | null = null;
  onbufferedamountlow: (() => void) | null = null;

  constructor(protected readonly channel: C) {
    channel.onopen = () => this.onopen?.();
    channel.onclose = () => this.onclose?.();
  }

  get label(): string {
    return this.channel.label;
  }

  get readyState(): RtcDataChannelState {
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

  abstract send(data: Uint8Array): void;

  close(): void {
    this.channel.close();
  }
}

/**
 * An engine's peer connection as the wire's. A subclass forwards the engine's candidate and
 * channel events, adds candidates and channels, and releases the connection in `release`.
 */
export abstract class PeerConnectionAdapter<P extends EnginePeerConnection> implements RtcPeerConnection {
  onicecandidate: ((candidate: RtcIceCandidateInit | null) => void) | null = null;
  ondatachannel: ((channel: RtcDataChannel) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;

  constructor(protected readonly pc: P) {
    pc.onconnectionstatechange = () => this.onconnectionstatechange?.();
  }

  get connectionState(): RtcPeerConnectionState {
    return this.pc.connectionState;
  }

  // Only the two fields leave the adapter: some engines answer with objects of their own.
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

  setRemoteDescription(description: RtcSessionDescriptionInit): Promise<void> {
    return this.pc.setRemoteDescription(description);
  }

  abstract addIceCandidate(candidate: RtcIceCandidateInit): Promise<void>;

  abstract createDataChannel(label: string, init: RtcDataChannelInit): RtcDataChannel;

  /** Stops every event first: the wire hears nothing from a connection it has closed. */
  close(): void {
    this.onicecandidate = null;
    this.ondatachannel = null;
    this.onconnectionstatechange = null;
    this.release();
  }

  protected abstract release(): void;
}
