import { ActrError } from "./actr-error.js";

/** The `{code, message}` an RPC reply carries instead of a payload (ErrorResponse on the wire). */
export interface ErrorReply {
  readonly code: number;
  readonly message: string;
}

/** Rebuilds the error a handler threw from its reply: the same class, code and message. */
export function errorFromReply(reply: ErrorReply): ActrError {
  return ActrError.fromReply(reply);
}

/** What travels back for an error thrown by a handler; anything but an ActrError is internal. */
export function toErrorReply(error: unknown): ErrorReply {
  const actr = ActrError.from(error);
  return { code: actr.code, message: actr.message };
}
