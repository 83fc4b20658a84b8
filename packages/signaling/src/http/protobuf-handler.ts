import type { IncomingMessage } from "node:http";
import { IdentityFormatError, MessageDecodeError, type RegisterOk } from "@actr/protocol";
import type { ServerContext } from "../server-context.js";
import { Status, type StatusCode } from "../status.js";

/** A refusal with the status to answer. */
export class HandlerError extends Error {
  constructor(
    readonly status: StatusCode,
    message: string,
    /** Extra HTTP headers of the answer, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** An /ais endpoint: the request and its body in, a RegisterOk out, or a thrown refusal. */
export type ProtobufHandler = (context: ServerContext, body: Uint8Array, request: IncomingMessage) => RegisterOk;

/** The status for an error thrown by a handler; anything unexpected is a server fault. */
export function statusOf(error: unknown): StatusCode {
  if (error instanceof HandlerError) return error.status;
  if (error instanceof MessageDecodeError || error instanceof IdentityFormatError) return Status.BadRequest;
  return Status.Internal;
}
