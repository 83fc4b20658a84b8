import {
  InvalidArgumentError,
  PermissionDeniedError,
  TargetNotFoundError,
  TransportError,
  type ActrError,
} from "../errors/actr-error.js";
import { ErrorCode } from "../errors/error-code.js";
import { errorFromReply } from "../errors/error-response.js";

/**
 * The signaling server refused this actor's credential (401): it expired, or its key is no longer
 * known to the server. A renewal (or a new registration) fixes it; the code on the wire stays
 * PermissionDenied.
 */
export class CredentialRejectedError extends PermissionDeniedError {
  override name = "CredentialRejectedError";
}

const ACTR_CODES: ReadonlySet<number> = new Set(Object.values(ErrorCode));

/**
 * The runtime error for a code the signaling server answered: its HTTP-like codes (401 credential,
 * 403 realm or ACL, 429 rate limited, ...) or an actr ErrorCode. 429 and 5xx are TransportErrors,
 * which callers may retry.
 */
export function signalingError(code: number, message: string): ActrError {
  switch (code) {
    case 400:
      return new InvalidArgumentError(message);
    case 401:
      return new CredentialRejectedError(message);
    case 403:
      return new PermissionDeniedError(message);
    case 404:
      return new TargetNotFoundError(message);
    default:
      return ACTR_CODES.has(code) ? errorFromReply({ code, message }) : new TransportError(message);
  }
}
