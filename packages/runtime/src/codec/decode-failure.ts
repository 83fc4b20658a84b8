import { DecodeError } from "../errors/actr-error.js";

/** What the bytes were, for the error message; a function when naming them costs something, as it is needed only on failure. */
export type DecodeSubject = string | (() => string);

/** `<what> is not a valid <type>: <why>`, for bytes a peer sent that are no complete message. */
export function decodeFailure(what: DecodeSubject, typeName: string, cause: unknown): DecodeError {
  const why = cause instanceof Error ? cause.message : String(cause);
  const subject = typeof what === "string" ? what : what();
  return new DecodeError(`${subject} is not a valid ${typeName}: ${why}`, { cause });
}
