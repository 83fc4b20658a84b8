import type { ServerContext } from "../server-context.js";
import { create } from "@bufbuild/protobuf";
import { RegisterResponseSchema } from "@actr/protocol";
import { Status, errorResponse } from "../status.js";
import { handleActrToSignaling } from "./actr-to-signaling.js";
import { EnvelopeError, decodeEnvelope, encodeServerToActr } from "./envelope.js";
import { handleRelay } from "./relay.js";
import type { Session } from "./session.js";

/** Routes one frame by its envelope flow; throws EnvelopeError for anything an actor may not send. */
export function dispatchFrame(context: ServerContext, session: Session, bytes: Uint8Array, isBinary: boolean): void {
  if (!isBinary) {
    throw new EnvelopeError(Status.BadRequest, "Text frames are not accepted; send each SignalingEnvelope as one binary frame");
  }
  const envelope = decodeEnvelope(bytes);
  const { flow, envelopeId } = envelope;
  switch (flow.case) {
    case "actrToServer":
      handleActrToSignaling(context, session, flow.value, envelopeId);
      return;
    case "actrRelay":
      handleRelay(context, session, flow.value, envelopeId, bytes);
      return;
    case "peerToServer": {
      // As actrix does: registration over the socket is gone (410), it is HTTP only.
      const error = errorResponse(Status.Gone, "Registration over the signaling socket is not supported; POST a RegisterRequest to /ais/register");
      const response = create(RegisterResponseSchema, { result: { case: "error", value: error } });
      session.send(encodeServerToActr(session.id, { case: "registerResponse", value: response }, envelopeId));
      return;
    }
    default:
      throw new EnvelopeError(
        Status.BadRequest,
        `Flow ${flow.case ?? "(none)"} is not accepted from an actor; send actr_to_server or actr_relay`,
        envelopeId,
      );
  }
}
