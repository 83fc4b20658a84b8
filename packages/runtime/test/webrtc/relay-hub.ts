import { create } from "@bufbuild/protobuf";
import { actrIdToString, RoleAssignmentSchema, type ActrId } from "@actr/protocol";
import type { RelayPayload, RelayPort } from "../../src/wire/webrtc/relay-port.js";

type Handler = (source: ActrId, payload: RelayPayload) => void;

/**
 * The signaling relay without a server, for tests of the negotiation alone: messages reach the
 * target on a later turn, and a RoleNegotiation is answered to both sides with the larger serial
 * offering. `tap` sees (and may drop) every message.
 */
export class RelayHub {
  private readonly handlers = new Map<string, Handler>();
  tap: (source: ActrId, target: ActrId, payload: RelayPayload) => boolean = () => true;

  port(self: ActrId, handler: Handler): RelayPort {
    this.handlers.set(actrIdToString(self), handler);
    return {
      send: async (target, payload) => {
        if (!this.tap(self, target, payload)) return;
        if (payload.case === "roleNegotiation") {
          const selfOffers = self.serialNumber > target.serialNumber;
          this.deliver(target, self, { case: "roleAssignment", value: create(RoleAssignmentSchema, { isOfferer: selfOffers }) });
          this.deliver(self, target, { case: "roleAssignment", value: create(RoleAssignmentSchema, { isOfferer: !selfOffers }) });
          return;
        }
        this.deliver(self, target, payload);
      },
    };
  }

  private deliver(source: ActrId, target: ActrId, payload: RelayPayload): void {
    const handler = this.handlers.get(actrIdToString(target));
    if (handler === undefined) throw new Error(`no relay target ${actrIdToString(target)}`);
    setImmediate(() => handler(source, payload));
  }
}
