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

/** Thrown for a frame that cannot be served; `replyFor` is set once the envelope id is known. */
export class EnvelopeError extends Error {
  constructor(
    readonly status: StatusCode,
    message: string,
    readonly replyFor = "",
  ) {
    super(message);
  }
}

export function decodeEnvelope(bytes: Uint8Array): SignalingEnvelope {
  let envelope: SignalingEnvelope;
  try {
    envelope = decodeComplete(SignalingEnvelopeSchema, bytes, "Frame");
  } catch (error) {
    throw new EnvelopeError(Status.BadRequest, (error as Error).message);
  }
  if (envelope.envelopeVersion !== SIGNALING_ENVELOPE_VERSION) {
    throw new EnvelopeError(
      Status.BadRequest,
      `Envelope version ${envelope.envelopeVersion} is not supported; send envelope_version ${SIGNALING_ENVELOPE_VERSION}`,
      envelope.envelopeId,
    );
  }
  return envelope;
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

export function encodeEnvelopeError(status: StatusCode, message: string, replyFor = ""): Uint8Array {
  return encodeEnvelope({ case: "envelopeError", value: errorResponse(status, message) }, replyFor);
}

export function encodeServerToActr(target: ActrId, payload: SignalingToActr["payload"], replyFor: string): Uint8Array {
  return encodeEnvelope({ case: "serverToActr", value: create(SignalingToActrSchema, { target, payload }) }, replyFor);
}
