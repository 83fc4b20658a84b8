import type { ActrId } from "@actr/protocol";
import type { PayloadType } from "../common/payload-type.js";
import type { Wire } from "./wire.js";
import type { MediaTransport } from "./media-transport.js";

/** Receives every message a remote actor sent: an encoded RpcEnvelope or DataStream. */
export type InboundSink = (sender: ActrId, payloadType: PayloadType, data: Uint8Array) => void;

/**
 * The outproc boundary of the runtime core: it sends encoded envelopes and stream chunks to remote
 * actors and hands received ones to the inbound dispatcher. The core never sees a socket; the
 * network implementation (signaling + WebSocket/WebRTC wires) and the in-memory hub used by tests
 * both implement this.
 */
export interface PeerTransport {
  /**
   * Sends one message to a remote actor, connecting on first use. Resolves with the wire that
   * carried it, when the transport has wires, so a call waiting for its reply fails as soon as that
   * wire closes. Rejects with a TransportError.
   */
  send(target: ActrId, payloadType: PayloadType, data: Uint8Array): Promise<Wire | void>;
  /** Sets where received messages go (one sink; set before the first message can arrive). */
  setSink(sink: InboundSink): void;
  /** Native RTP media; absent where no wire can carry it (e.g. the in-memory hub). */
  readonly media?: MediaTransport;
  close(): Promise<void>;
}
