import { engineIceServers } from "../webrtc/engine-adapter.js";
import type { RtcConfiguration, RtcEngine } from "../webrtc/rtc-api.js";
import type { RtcStatsReport } from "../webrtc/selected-pair.js";
import { W3cPeerConnectionAdapter, type W3cPeerConnection } from "../webrtc/w3c-peer-connection.js";

/*
 * The browser's RTCPeerConnection as this adapter uses it. The runtime builds without the DOM
 * library, so the constructor is passed in (`globalThis.RTCPeerConnection` on a page).
 */
interface BrowserPeerConnection extends W3cPeerConnection {
  getStats(): Promise<RtcStatsReport>;
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
  return { iceServers: engineIceServers(configuration), iceTransportPolicy: configuration.iceTransportPolicy };
}

/** The W3C adapter with the browser's statistics. */
class BrowserPeer extends W3cPeerConnectionAdapter<BrowserPeerConnection> {
  getStats(): Promise<RtcStatsReport> {
    return this.pc.getStats();
  }
}
