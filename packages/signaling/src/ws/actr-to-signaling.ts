import { create } from "@bufbuild/protobuf";
import {
  aclAllows,
  DiscoveryResponseSchema,
  GetServiceSpecResponseSchema,
  GetSigningKeyResponseSchema,
  PongSchema,
  RouteCandidatesResponseSchema,
  SubscribeActrUpResponseSchema,
  UnregisterResponseSchema,
  UnsubscribeActrUpResponseSchema,
  actrIdEquals,
  type ActrToSignaling,
  type ActrType,
  type DiscoveryRequest,
  type GetServiceSpecRequest,
  type GetSigningKeyRequest,
  type RouteCandidatesRequest,
  type UnregisterRequest,
} from "@actr/protocol";
import type { ActorRecord } from "../registry/actor-registry.js";
import { selectRouteCandidates } from "../registry/route-candidates.js";
import { discoverTypes } from "../registry/type-discovery.js";
import type { ServerContext } from "../server-context.js";
import { Status, errorResponse } from "../status.js";
import { EnvelopeError, encodeServerToActr } from "./envelope.js";
import { checkSender } from "./sender-check.js";
import type { Session } from "./session.js";

/** Logs, at info level, that an ACL hid `record` from the session's actor (who is told nothing). */
function logAclDenial(context: ServerContext, session: Session, record: ActorRecord): void {
  context.options.logger.info(`ACL of ${record.key} hides it from ${session.actorKey}`);
}

function routeCandidates(context: ServerContext, session: Session, request: RouteCandidatesRequest, replyFor: string): void {
  const targetType = request.targetType;
  // decodeComplete guarantees target_type; the check narrows the type.
  if (targetType === undefined) throw new EnvelopeError(Status.BadRequest, "target_type is required", replyFor);
  const ok = selectRouteCandidates(
    context.registry.all(),
    (record) => context.sessions.isLive(record),
    session.id,
    session.realmId,
    { ...request, targetType },
    (record) => logAclDenial(context, session, record),
  );
  const response = create(RouteCandidatesResponseSchema, { result: { case: "success", value: ok } });
  session.send(encodeServerToActr(session.id, { case: "routeCandidatesResponse", value: response }, replyFor));
}

function discovery(context: ServerContext, session: Session, request: DiscoveryRequest, replyFor: string): void {
  const ok = discoverTypes(context.registry.all(), (record) => context.sessions.isLive(record), session.id, session.realmId, request);
  const response = create(DiscoveryResponseSchema, { result: { case: "success", value: ok } });
  session.send(encodeServerToActr(session.id, { case: "discoveryResponse", value: response }, replyFor));
}

function serviceSpec(context: ServerContext, session: Session, request: GetServiceSpecRequest, replyFor: string): void {
  // A spec whose actor's ACL hides it from the caller is answered as if it did not exist.
  const spec = context.registry.findSpec(request.name, (record) => {
    const allowed = aclAllows(record.acl, session.id, record.realmId);
    if (!allowed) logAclDenial(context, session, record);
    return allowed;
  });
  const result =
    spec === undefined
      ? { case: "error" as const, value: errorResponse(Status.NotFound, `No service spec named ${JSON.stringify(request.name)} is registered`) }
      : { case: "success" as const, value: spec };
  const response = create(GetServiceSpecResponseSchema, { result });
  session.send(encodeServerToActr(session.id, { case: "getServiceSpecResponse", value: response }, replyFor));
}

function signingKey(context: ServerContext, session: Session, request: GetSigningKeyRequest, replyFor: string): void {
  const { key } = context.issuer;
  if (request.keyId !== key.keyId) {
    throw new EnvelopeError(Status.NotFound, `No signing key ${request.keyId}; this server signs with key ${key.keyId}`, replyFor);
  }
  const response = create(GetSigningKeyResponseSchema, { keyId: key.keyId, pubkey: key.publicKeyRaw });
  session.send(encodeServerToActr(session.id, { case: "getSigningKeyResponse", value: response }, replyFor));
}

function targetTypeOf(request: { targetType?: ActrType | undefined }, replyFor: string): ActrType {
  // decodeComplete guarantees target_type; the check narrows the type.
  if (request.targetType === undefined) throw new EnvelopeError(Status.BadRequest, "target_type is required", replyFor);
  return request.targetType;
}

function unregister(context: ServerContext, session: Session, request: UnregisterRequest, replyFor: string): void {
  if (request.actrId === undefined || !actrIdEquals(request.actrId, session.id)) {
    throw new EnvelopeError(Status.Forbidden, "An actor can only unregister itself", replyFor);
  }
  context.registry.remove(session.id);
  context.options.logger.info(`unregistered ${session.actorKey}${request.reason ? `: ${request.reason}` : ""}`);
  const response = create(UnregisterResponseSchema, { result: { case: "success", value: {} } });
  session.send(encodeServerToActr(session.id, { case: "unregisterResponse", value: response }, replyFor));
  session.close(1000, "unregistered");
}

/** Requests from an actor to the server: Ping, discovery, specs, signing keys, ActrUp, unregister. */
export function handleActrToSignaling(context: ServerContext, session: Session, message: ActrToSignaling, replyFor: string): void {
  checkSender(context, session, message.source, message.credential, replyFor);
  const { payload } = message;
  switch (payload.case) {
    case "ping": {
      const pong = create(PongSchema, { seq: session.heartbeatReceived() });
      session.send(encodeServerToActr(session.id, { case: "pong", value: pong }, replyFor));
      return;
    }
    case "routeCandidatesRequest":
      routeCandidates(context, session, payload.value, replyFor);
      return;
    case "discoveryRequest":
      discovery(context, session, payload.value, replyFor);
      return;
    case "getServiceSpecRequest":
      serviceSpec(context, session, payload.value, replyFor);
      return;
    case "getSigningKeyRequest":
      signingKey(context, session, payload.value, replyFor);
      return;
    case "subscribeActrUpRequest": {
      session.subscribe(targetTypeOf(payload.value, replyFor));
      const response = create(SubscribeActrUpResponseSchema, { result: { case: "success", value: {} } });
      session.send(encodeServerToActr(session.id, { case: "subscribeActrUpResponse", value: response }, replyFor));
      return;
    }
    case "unsubscribeActrUpRequest": {
      session.unsubscribe(targetTypeOf(payload.value, replyFor));
      const response = create(UnsubscribeActrUpResponseSchema, { result: { case: "success", value: {} } });
      session.send(encodeServerToActr(session.id, { case: "unsubscribeActrUpResponse", value: response }, replyFor));
      return;
    }
    case "unregisterRequest":
      unregister(context, session, payload.value, replyFor);
      return;
    case "error":
      context.options.logger.warn(`${session.actorKey} reported error ${payload.value.code}: ${payload.value.message}`);
      return;
    default:
      throw new EnvelopeError(Status.BadRequest, "actr_to_server carries no payload the server knows", replyFor);
  }
}

