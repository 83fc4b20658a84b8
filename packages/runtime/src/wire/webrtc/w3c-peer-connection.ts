/**
 * The adapter for engines that implement the W3C RTCPeerConnection itself: the browser's and
 * node-datachannel's polyfill. Bundled for browsers: imports nothing from Node.
 */

import { DataChannelAdapter, PeerConnectionAdapter, type EngineDataChannel, type EnginePeerConnection } from "./engine-adapter.js";
import type { RtcDataChannel, RtcDataChannelInit, RtcIceCandidateInit } from "./rtc-api.js";

/*
 * The shapes of the W3C objects the adapter uses. The runtime builds without the DOM library
 * (and node-datachannel's declarations name DOM types), so they are declared here.
 */
export interface W3cDataChannel extends EngineDataChannel {
  binaryType: string;
  send(data: Uint8Array): void;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onbufferedamountlow: (() => void) | null;
}

export interface W3cPeerConnection extends EnginePeerConnection {
  addIceCandidate(candidate: RtcIceCandidateInit): Promise<void>;
  createDataChannel(label: string, init: RtcDataChannelInit): W3cDataChannel;
  close(): void;
  onicecandidate: ((event: { readonly candidate: { toJSON(): RtcIceCandidateInit } | null }) => void) | null;
  ondatachannel: ((event: { readonly channel: W3cDataChannel }) => void) | null;
}

export class W3cChannelAdapter extends DataChannelAdapter<W3cDataChannel> {
  constructor(channel: W3cDataChannel) {
    super(channel);
    channel.binaryType = "arraybuffer";
    channel.onmessage = ({ data }) => {
      if (data instanceof ArrayBuffer) this.onmessage?.(new Uint8Array(data));
    };
    channel.onbufferedamountlow = () => this.onbufferedamountlow?.();
  }

  send(data: Uint8Array): void {
    this.channel.send(data);
  }
}

export class W3cPeerConnectionAdapter<P extends W3cPeerConnection = W3cPeerConnection> extends PeerConnectionAdapter<P> {
  constructor(pc: P) {
    super(pc);
    pc.onicecandidate = ({ candidate }) => this.onicecandidate?.(candidate === null ? null : candidate.toJSON());
    pc.ondatachannel = ({ channel }) => this.ondatachannel?.(new W3cChannelAdapter(channel));
  }

  addIceCandidate(candidate: RtcIceCandidateInit): Promise<void> {
    return this.pc.addIceCandidate(candidate);
  }

  createDataChannel(label: string, init: RtcDataChannelInit): RtcDataChannel {
    return new W3cChannelAdapter(this.pc.createDataChannel(label, init));
  }

  protected release(): void {
    this.pc.close();
  }
}
