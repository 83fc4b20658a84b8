import { actrIdToString, type ActrId } from "@actr/protocol";
import type { RtcConfiguration, RtcEngine } from "../../src/wire/webrtc/rtc-api.js";
import { WebRtcConnector, type WebRtcConnectorOptions } from "../../src/wire/webrtc/webrtc-connector.js";
import type { RelayHub } from "./relay-hub.js";

/** Host candidates on 127.0.0.1 only, no ICE servers. */
export const LOOPBACK_CONFIGURATION: RtcConfiguration = { iceServers: [], iceTransportPolicy: "all", hostAddress: "127.0.0.1" };

/** What a loopback connector's user chooses: its handlers, timeouts and limits. */
export type LoopbackConnectorOptions = Omit<WebRtcConnectorOptions, "self" | "engine" | "configuration" | "relay" | "idText">;

/** A connector for `self` on loopback whose negotiation goes through `hub`. */
export function loopbackConnector(hub: RelayHub, self: ActrId, engine: RtcEngine, options: LoopbackConnectorOptions): WebRtcConnector {
  let connector: WebRtcConnector | undefined;
  const relay = hub.port(self, (source, payload) => connector?.handleRelay(source, payload));
  connector = new WebRtcConnector({ self, engine, configuration: () => LOOPBACK_CONFIGURATION, relay, idText: actrIdToString, ...options });
  return connector;
}
