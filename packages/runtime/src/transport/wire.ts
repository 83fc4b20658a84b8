import type { ActrId } from "@actr/protocol";
import type { PayloadType } from "../common/payload-type.js";
import type { Lane } from "./lane.js";

/** Kinds of physical link to a peer, in order of preference when several are open. */
export type WireKind = "webrtc" | "websocket";

/** A physical link to one peer that offers a lane per PayloadType. */
export interface Wire {
  readonly kind: WireKind;
  readonly peer: ActrId;
  readonly isOpen: boolean;
  lane(payloadType: PayloadType): Lane;
  /**
   * Called once, when the wire closes for any reason (at once if it is closed already), with why
   * when the wire knows it. Calls waiting for replies it carried fail on it.
   */
  onClose(listener: (reason?: string) => void): void;
  close(): void;
}

/** Opens a wire of one kind to a peer. */
export interface WireConnector {
  readonly kind: WireKind;
  connect(target: ActrId): Promise<Wire>;
}
