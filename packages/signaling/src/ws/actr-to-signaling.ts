import { create } from "@bufbuild/protobuf";
import {
  GetServiceSpecResponseSchema,
  PongSchema,
  RouteCandidatesResponseSchema,
  actrIdEquals,
  type ActrToSignaling,
  type GetServiceSpecRequest,
  type RouteCandidatesRequest,
  type UnregisterRequest,
} from "@actr/protocol";
import { selectRouteCandidates } from "../registry/route-candidates.js";
import type { ServerContext } from "../server-context.js";
import { Status, errorResponse } from "../status.js";
import { EnvelopeError, encodeServerToActr } from "./envelope.js";
import { checkSender } from "./sender-check.js";
import type { Session } from "./session.js";

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
  );
  const response = create(RouteCandidatesResponseSchema, { result: { case: "success", value: ok } });
  session.send(encodeServerToActr(session.id, { case: "routeCandidatesResponse", value: response }, replyFor));
}

function serviceSpec(context: ServerContext, session: Session, request: GetServiceSpecRequest, replyFor: string): void {
  const spec = context.registry.findSpec(request.name);
  const result =
    spec === undefined
      ? { case: "error" as const, value: errorResponse(Status.NotFound, `No service spec named ${JSON.stringify(request.name)} is registered`) }
      : { case: "success" as const, value: spec };
  const response = create(GetServiceSpecResponseSchema, { result });
  session.send(encodeServerToActr(session.id, { case: "getServiceSpecResponse", value: response }, replyFor));
}

function unregister(context: ServerContext, session: Session, request: UnregisterRequest, replyFor: string): void {
  if (request.actrId === undefined || !actrIdEquals(request.actrId, session.id)) {
    throw new EnvelopeError(Status.Forbidden, "An actor can only unregister itself", replyFor);
  }
  context.registry.remove(session.id);
  context.options.logger.info(`unregistered ${session.actorKey}${request.reason ? `: ${request.reason}` : ""}`);
  session.close(1000, "unregistered");
}

/** Requests from an actor to the server: Ping, discovery, service specs, unregister. */
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
    case "getServiceSpecRequest":
      serviceSpec(context, session, payload.value, replyFor);
      return;
    case "unregisterRequest":
      unregister(context, session, payload.value, replyFor);
      return;
    case "error":
      context.options.logger.warn(`${session.actorKey} reported error ${payload.value.code}: ${payload.value.message}`);
      return;
    default:
      throw new EnvelopeError(Status.BadRequest, "actr_to_server carries no payload", replyFor);
  }
}
