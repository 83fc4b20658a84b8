import { create } from "@bufbuild/protobuf";
import {
  aclAllows,
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

/**
 * The assignment telling `target` its role towards `source`. An actor that connected with
 * webrtc_role=answer answers unless both sides asked to; otherwise isOfferer's ordering decides.
 */
function assignment(source: Session, credential: AIdCredential, target: Session): ActrRelay {
  const offers = source.wantsToAnswer !== target.wantsToAnswer ? source.wantsToAnswer : isOfferer(target.id, source.id);
  const roleAssignment = create(RoleAssignmentSchema, { isOfferer: offers, remoteFixed: false });
  return create(ActrRelaySchema, {
    source: source.id,
    credential,
    target: target.id,
    payload: { case: "roleAssignment", value: roleAssignment },
  });
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
 * Answers a RoleNegotiation with a RoleAssignment to each side. The one to the requester
 * comes "from" the peer, with an empty credential since the server speaks for it.
 */
function negotiateRoles(requester: Session, peer: Session, credential: AIdCredential, replyFor: string): void {
  const serverCredential = create(AIdCredentialSchema, { keyId: 0, claims: new Uint8Array(), signature: new Uint8Array() });
  requester.send(encodeEnvelope({ case: "actrRelay", value: assignment(peer, serverCredential, requester) }, replyFor));
  peer.send(encodeEnvelope({ case: "actrRelay", value: assignment(requester, credential, peer) }));
}

/** Carries SDP, ICE and role messages between two connected actors; the frame is forwarded as is. */
export function handleRelay(context: ServerContext, session: Session, relay: ActrRelay, replyFor: string, frame: Uint8Array): void {
  const credential = checkSender(context, session, relay.source, relay.credential, replyFor);
  const { target: targetId } = relay;
  if (targetId === undefined) throw new EnvelopeError(Status.BadRequest, "Relay target is missing", replyFor);
  const targetKey = actrIdToString(targetId);
  const target = context.sessions.get(targetKey);
  const record = context.registry.get(targetKey);
  const denied = target !== undefined && record !== undefined && !aclAllows(record.acl, session.id, record.realmId);
  // A caller the target's ACL refuses hears exactly what it would if the target did not exist.
  if (denied) context.options.logger.info(`ACL of ${targetKey} refuses relay from ${session.actorKey}`);
  if (target === undefined || denied) {
    throw new EnvelopeError(Status.NotFound, `Relay target ${targetKey} is not connected to this signaling server`, replyFor);
  }
  if (relay.payload.case === "roleNegotiation") {
    checkNegotiation(relay.payload.value, session.id, targetId, replyFor);
    negotiateRoles(session, target, credential, replyFor);
    return;
  }
  target.send(frame);
}
