import type { ActrId, ActrRelay } from "@actr/protocol";

/** The negotiation payload of an ActrRelay: role, SDP or ICE. */
export type RelayPayload = ActrRelay["payload"];

/** How the WebRTC wire reaches a peer before a connection exists: the signaling server's relay. */
export interface RelayPort {
  /** Sends one negotiation message to `target`; rejects when signaling is unreachable. */
  send(target: ActrId, payload: RelayPayload): Promise<void>;
}
