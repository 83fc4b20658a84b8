import { create } from "@bufbuild/protobuf";
import {
  AIdCredentialSchema,
  ActrRelaySchema,
  RoleAssignmentSchema,
  actrIdToString,
  type AIdCredential,
  type ActrId,
  type ActrRelay,
} from "@actr/protocol";
import type { ServerContext } from "../server-context.js";
import { Status } from "../status.js";
import { FrameError, encodeEnvelope } from "./envelope.js";
import { isOfferer } from "./role-decision.js";
import { checkSender } from "./sender-check.js";
import type { Session } from "./session.js";

function assignment(source: ActrId, credential: AIdCredential, target: ActrId): ActrRelay {
  const roleAssignment = create(RoleAssignmentSchema, { isOfferer: isOfferer(target, source), remoteFixed: false });
  return create(ActrRelaySchema, { source, credential, target, payload: { case: "roleAssignment", value: roleAssignment } });
}

/**
 * Answers a RoleNegotiation with a RoleAssignment to each side (wire.md). The one to the requester
 * comes "from" the peer, with an empty credential since the server speaks for it.
 */
function negotiateRoles(requester: Session, peer: Session, credential: AIdCredential, replyFor: string): void {
  const serverCredential = create(AIdCredentialSchema, { keyId: 0, claims: new Uint8Array(), signature: new Uint8Array() });
  requester.send(encodeEnvelope({ case: "actrRelay", value: assignment(peer.id, serverCredential, requester.id) }, replyFor));
  peer.send(encodeEnvelope({ case: "actrRelay", value: assignment(requester.id, credential, peer.id) }));
}

/** Carries SDP, ICE and role messages between two connected actors; the frame is forwarded as is. */
export function handleRelay(context: ServerContext, session: Session, relay: ActrRelay, replyFor: string, frame: Uint8Array): void {
  checkSender(context, session, relay.source, relay.credential, replyFor);
  if (relay.target === undefined) throw new FrameError(Status.BadRequest, "Relay target is missing", replyFor);
  const targetKey = actrIdToString(relay.target);
  const target = context.sessions.get(targetKey);
  if (target === undefined) {
    throw new FrameError(Status.NotFound, `Relay target ${targetKey} is not connected to this signaling server`, replyFor);
  }
  if (relay.payload.case === "roleNegotiation" && relay.credential !== undefined) {
    negotiateRoles(session, target, relay.credential, replyFor);
    return;
  }
  target.send(frame);
}
