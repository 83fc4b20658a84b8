import { DecodeError } from "../errors/actr-error.js";

/** `<what> is not a valid <type>: <why>`, for bytes a peer sent that are no complete message. */
export function decodeFailure(what: string, typeName: string, cause: unknown): DecodeError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new DecodeError(`${what} is not a valid ${typeName}: ${why}`, { cause });
}
