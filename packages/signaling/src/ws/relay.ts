import { create } from "@bufbuild/protobuf";
import {
  AIdCredentialSchema,
  ActrRelaySchema,
  RoleAssignmentSchema,
  actrIdEquals,
  actrIdToString,
  describeActrId,
  type AIdCredential,
  type ActrId,
  type ActrRelay,
  type RoleNegotiation,
} from "@actr/protocol";
import type { ServerContext } from "../server-context.js";
import { Status } from "../status.js";
import { EnvelopeError, encodeEnvelope } from "./envelope.js";
import { isOfferer } from "./role-decision.js";
import { checkSender } from "./sender-check.js";
import type { Session } from "./session.js";

/*
 * wire.md lets one side ask to answer, but RoleNegotiation (from, to, realm_id) has no field to
 * say so, and a new one would change the wire protocol: the server always decides by the
 * ordering of isOfferer, and no assignment is fixed (remote_fixed = false).
 */
function assignment(source: ActrId, credential: AIdCredential, target: ActrId): ActrRelay {
  const roleAssignment = create(RoleAssignmentSchema, { isOfferer: isOfferer(target, source), remoteFixed: false });
  return create(ActrRelaySchema, { source, credential, target, payload: { case: "roleAssignment", value: roleAssignment } });
}

/** A negotiation must be between the relay's own ends, so nobody assigns roles for others. */
function checkNegotiation(negotiation: RoleNegotiation, source: ActrId, target: ActrId, replyFor: string): void {
  const { from, to } = negotiation;
  if (from === undefined || !actrIdEquals(from, source)) {
    throw new EnvelopeError(Status.Forbidden, `RoleNegotiation.from ${describeActrId(from)} is not the relay source`, replyFor);
  }
  if (to === undefined || !actrIdEquals(to, target)) {
    throw new EnvelopeError(Status.Forbidden, `RoleNegotiation.to ${describeActrId(to)} is not the relay target`, replyFor);
  }
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
  const credential = checkSender(context, session, relay.source, relay.credential, replyFor);
  const { target: targetId } = relay;
  if (targetId === undefined) throw new EnvelopeError(Status.BadRequest, "Relay target is missing", replyFor);
  const targetKey = actrIdToString(targetId);
  const target = context.sessions.get(targetKey);
  if (target === undefined) {
    throw new EnvelopeError(Status.NotFound, `Relay target ${targetKey} is not connected to this signaling server`, replyFor);
  }
  if (relay.payload.case === "roleNegotiation") {
    checkNegotiation(relay.payload.value, session.id, targetId, replyFor);
    negotiateRoles(session, target, credential, replyFor);
    return;
  }
  target.send(frame);
}
