import {
  InvalidArgumentError,
  PermissionDeniedError,
  TargetNotFoundError,
  TransportError,
  type ActrError,
} from "../errors/actr-error.js";
import { ErrorCode } from "../errors/error-code.js";
import { errorFromReply } from "../errors/error-response.js";

const ACTR_CODES: ReadonlySet<number> = new Set(Object.values(ErrorCode));

/**
 * The runtime error for a code the signaling server answered: its HTTP-like codes (wire.md) or
 * an actr ErrorCode. Anything else (5xx, 429) is a TransportError, which callers may retry.
 */
export function signalingError(code: number, message: string): ActrError {
  switch (code) {
    case 400:
      return new InvalidArgumentError(message);
    case 401:
    case 403:
      return new PermissionDeniedError(message);
    case 404:
      return new TargetNotFoundError(message);
    default:
      return ACTR_CODES.has(code) ? errorFromReply({ code, message }) : new TransportError(message);
  }
}
