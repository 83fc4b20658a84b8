import { randomUUID } from "node:crypto";
import { create, toBinary } from "@bufbuild/protobuf";
import {
  SignalingEnvelopeSchema,
  SIGNALING_ENVELOPE_VERSION,
  SignalingToActrSchema,
  decodeComplete,
  type ActrId,
  type SignalingEnvelope,
  type SignalingToActr,
} from "@actr/protocol";
import { Status, errorResponse, type StatusCode } from "../status.js";

/**
 * Thrown for a frame that cannot be served. `replyFor` is the id of the envelope it answers, set
 * once the envelope could be read: the refusal then goes back as SignalingToActr.error; a frame
 * that cannot be read at all is answered with envelope_error.
 */
export class EnvelopeError extends Error {
  constructor(
    readonly status: StatusCode,
    message: string,
    readonly replyFor?: string,
  ) {
    super(message);
  }
}

/** Decodes a frame; any envelope_version is accepted (released actors still send 1; the fields agree). */
export function decodeEnvelope(bytes: Uint8Array): SignalingEnvelope {
  try {
    return decodeComplete(SignalingEnvelopeSchema, bytes, "Frame");
  } catch (error) {
    throw new EnvelopeError(Status.BadRequest, (error as Error).message);
  }
}

type Flow = SignalingEnvelope["flow"];

export function encodeEnvelope(flow: Flow, replyFor = ""): Uint8Array {
  const envelope = create(SignalingEnvelopeSchema, {
    envelopeVersion: SIGNALING_ENVELOPE_VERSION,
    envelopeId: randomUUID(),
    flow,
  });
  if (replyFor !== "") envelope.replyFor = replyFor;
  return toBinary(SignalingEnvelopeSchema, envelope);
}

export function encodeEnvelopeError(status: StatusCode, message: string): Uint8Array {
  return encodeEnvelope({ case: "envelopeError", value: errorResponse(status, message) });
}

/** The refusal of the actor request `replyFor`, as actrix sends it. */
export function encodeRequestError(target: ActrId, status: StatusCode, message: string, replyFor: string): Uint8Array {
  return encodeServerToActr(target, { case: "error", value: errorResponse(status, message) }, replyFor);
}

export function encodeServerToActr(target: ActrId, payload: SignalingToActr["payload"], replyFor: string): Uint8Array {
  return encodeEnvelope({ case: "serverToActr", value: create(SignalingToActrSchema, { target, payload }) }, replyFor);
}
