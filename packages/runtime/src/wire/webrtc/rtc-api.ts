/**
 * The part of the W3C RTCPeerConnection / RTCDataChannel API the WebRTC wire uses. Names and
 * semantics are the standard's; event handlers receive the one value the wire reads instead of an
 * event object, so that an engine adapter (browser, werift, node-datachannel) stays a few lines.
 * RTP media is the optional `media` member (rtc-media-api.ts).
 */

import type { RtcMedia } from "./rtc-media-api.js";
import type { RtcStatsReport } from "./selected-pair.js";

export type RtcSdpType = "offer" | "answer" | "pranswer" | "rollback";

export interface RtcSessionDescriptionInit {
  readonly type: RtcSdpType;
  readonly sdp: string;
}

export interface RtcIceCandidateInit {
  readonly candidate: string;
  readonly sdpMid?: string | null;
  readonly sdpMLineIndex?: number | null;
  readonly usernameFragment?: string | null;
}

export interface RtcIceServer {
  readonly urls: readonly string[];
  readonly username?: string;
  readonly credential?: string;
}

export interface RtcConfiguration {
  readonly iceServers: readonly RtcIceServer[];
  /** "relay" gathers and uses TURN relay candidates only. */
  readonly iceTransportPolicy: "all" | "relay";
  /**
   * Local address to gather host candidates on (e.g. "127.0.0.1" on loopback-only setups);
   * undefined lets the engine use every interface. Browsers ignore it.
   */
  readonly hostAddress?: string | undefined;
}

export type RtcPeerConnectionState = "new" | "connecting" | "connected" | "disconnected" | "failed" | "closed";
export type RtcDataChannelState = "connecting" | "open" | "closing" | "closed";

export interface RtcDataChannelInit {
  readonly ordered?: boolean;
  readonly maxRetransmits?: number;
}

export interface RtcDataChannel {
  readonly label: string;
  readonly readyState: RtcDataChannelState;
  /** Bytes handed to send() and not yet passed to the network. */
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  /** Sends one binary message (at most the peer's max-message-size, 65,536 bytes or more). */
  send(data: Uint8Array): void;
  close(): void;
  onopen: (() => void) | null;
  onclose: (() => void) | null;
  /** One binary message; text messages are not part of the protocol and never reach the wire. */
  onmessage: ((data: Uint8Array) => void) | null;
  /** bufferedAmount fell to bufferedAmountLowThreshold or below. */
  onbufferedamountlow: (() => void) | null;
}

export interface RtcPeerConnection {
  readonly connectionState: RtcPeerConnectionState;
  createOffer(): Promise<RtcSessionDescriptionInit>;
  createAnswer(): Promise<RtcSessionDescriptionInit>;
  setLocalDescription(description: RtcSessionDescriptionInit): Promise<void>;
  setRemoteDescription(description: RtcSessionDescriptionInit): Promise<void>;
  addIceCandidate(candidate: RtcIceCandidateInit): Promise<void>;
  createDataChannel(label: string, init: RtcDataChannelInit): RtcDataChannel;
  /** Releases sockets and timers; fires no more events afterwards. */
  close(): void;
  /** A local candidate to trickle; null once gathering is complete. */
  onicecandidate: ((candidate: RtcIceCandidateInit | null) => void) | null;
  /** A channel the remote peer created. */
  ondatachannel: ((channel: RtcDataChannel) => void) | null;
  onconnectionstatechange: (() => void) | null;
  /** RTP media tracks; absent on engines that give no access to RTP packets. */
  readonly media?: RtcMedia;
  /** The W3C statistics (transport, candidate pairs, candidates); absent where the engine has none. */
  getStats?(): Promise<RtcStatsReport>;
}

/** A WebRTC implementation: the browser's, werift or node-datachannel, behind one API. */
export interface RtcEngine {
  /** "browser", "werift" or "node-datachannel"; shown in logs and benchmarks. */
  readonly name: string;
  /**
   * How many bytes the wire lets queue inside a channel before it waits for bufferedamountlow;
   * werift slows down quadratically with its queue length, so it gets a small window.
   */
  readonly sendWindowBytes: number;
  createPeerConnection(configuration: RtcConfiguration): RtcPeerConnection;
}
