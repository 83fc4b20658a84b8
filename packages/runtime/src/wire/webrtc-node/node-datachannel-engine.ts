import { engineIceServers } from "../webrtc/engine-adapter.js";
import type { RtcConfiguration, RtcEngine } from "../webrtc/rtc-api.js";
import { W3cPeerConnectionAdapter, type W3cPeerConnection } from "../webrtc/w3c-peer-connection.js";

interface PolyfillConfiguration {
  /** Names the connection in libdatachannel's logs. */
  readonly peerIdentity: string;
  readonly iceServers: { urls: string[]; username?: string; credential?: string }[];
  readonly iceTransportPolicy: "all" | "relay";
  /** libdatachannel's bind address; without one it never connects over loopback. */
  readonly bindAddress?: string;
}

/** node-datachannel's W3C polyfill; its own declarations name DOM types, which a Node build lacks. */
interface PolyfillModule {
  readonly RTCPeerConnection: new (configuration: PolyfillConfiguration) => W3cPeerConnection;
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
    createPeerConnection: (configuration) => new W3cPeerConnectionAdapter(new polyfill.RTCPeerConnection(polyfillConfiguration(configuration))),
  };
}

let connections = 0;

function polyfillConfiguration(configuration: RtcConfiguration): PolyfillConfiguration {
  const host = configuration.hostAddress;
  return {
    peerIdentity: `actr-${++connections}`,
    iceServers: engineIceServers(configuration),
    iceTransportPolicy: configuration.iceTransportPolicy,
    ...(host === undefined ? {} : { bindAddress: host }),
  };
}
