import { actrIdToString } from "@actr/protocol";
import type { WebRtcConfig } from "../config/runtime-config.js";
import type { OutprocTransport } from "../transport/outproc-transport.js";
import type { RtcConfiguration, RtcEngine, RtcIceServer } from "../wire/webrtc/rtc-api.js";
import { WebRtcConnector } from "../wire/webrtc/webrtc-connector.js";
import type { ActorIdentity } from "./actor-identity.js";
import type { ResolvedNetworkOptions } from "./network-options.js";
import type { SignalingClient } from "./signaling-client.js";

export interface WebRtcNetworkParts {
  readonly config: WebRtcConfig;
  readonly engine: RtcEngine;
  readonly identity: ActorIdentity;
  readonly signaling: SignalingClient;
  readonly transport: OutprocTransport;
  readonly settings: ResolvedNetworkOptions;
}

/**
 * Plugs the WebRTC wire into a running actor: dials through the signaling relay, answers the
 * relayed offers of other actors and hands the wires they open to the transport.
 */
export function startWebRtc(parts: WebRtcNetworkParts): WebRtcConnector {
  const { config, engine, identity, signaling, transport, settings } = parts;
  const { logger } = settings;
  const connector = new WebRtcConnector({
    // Read at each negotiation: a new registration changes the id.
    get self() {
      return identity.actorId;
    },
    engine,
    configuration: () => rtcConfiguration(config, identity),
    relay: { send: (target, payload) => signaling.relay(target, payload) },
    idText: actrIdToString,
    onInbound: (wire) => transport.adopt(wire),
    onMessage: (sender, payloadType, data) => transport.deliver(sender, payloadType, data, "webrtc"),
    onMediaRtp: (sender, trackId, packet) => transport.media.deliver(sender, trackId, packet),
    connectTimeoutMs: settings.dialTimeoutMs,
    disconnectGraceMs: settings.disconnectGraceMs,
    reassembly: {
      maxMessageBytes: settings.maxPayloadBytes,
      maxPendingBytes: 2 * settings.maxPayloadBytes,
      timeoutMs: settings.reassemblyTimeoutMs,
    },
    logger,
  });
  signaling.onRelay((relay) => {
    if (relay.source === undefined) logger.warn("Dropped a relayed WebRTC message without a source actor");
    else connector.handleRelay(relay.source, relay.payload);
  });
  transport.addConnector(connector);
  return connector;
}

/** ICE servers of [system.webrtc]; TURN servers use the credential signaling issued at registration. */
function rtcConfiguration(config: WebRtcConfig, identity: ActorIdentity): RtcConfiguration {
  const iceServers: RtcIceServer[] = [];
  if (config.stunUrls.length > 0) iceServers.push({ urls: config.stunUrls });
  const turn = identity.turnCredential;
  if (config.turnUrls.length > 0 && turn !== undefined) {
    iceServers.push({ urls: config.turnUrls, username: turn.username, credential: turn.password });
  }
  return { iceServers, iceTransportPolicy: config.forceRelay ? "relay" : "all", hostAddress: config.hostAddress };
}
