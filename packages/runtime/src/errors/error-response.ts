import {
  ActrError,
  DecodeError,
  DependencyNotFoundError,
  GateNotInitializedError,
  InternalError,
  InvalidArgumentError,
  NotImplementedError,
  PermissionDeniedError,
  TargetNotFoundError,
  TimeoutError,
  TransportError,
  UnknownRouteError,
} from "./actr-error.js";
import { ErrorCode } from "./error-code.js";

/** The `{code, message}` an RPC reply carries instead of a payload (ErrorResponse on the wire). */
export interface ErrorReply {
  readonly code: number;
  readonly message: string;
}

const BY_CODE: ReadonlyMap<number, (message: string) => ActrError> = new Map<number, (message: string) => ActrError>([
  [ErrorCode.Unavailable, (m) => new TransportError(m)],
  [ErrorCode.Timeout, (m) => new TimeoutError(m)],
  [ErrorCode.NotFound, (m) => new TargetNotFoundError(m)],
  [ErrorCode.PermissionDenied, (m) => new PermissionDeniedError(m)],
  [ErrorCode.InvalidArgument, (m) => new InvalidArgumentError(m)],
  [ErrorCode.UnknownRoute, (m) => new UnknownRouteError(m)],
  [ErrorCode.DependencyNotFound, (m) => new DependencyNotFoundError(m)],
  [ErrorCode.DecodeFailure, (m) => new DecodeError(m)],
  [ErrorCode.NotImplemented, (m) => new NotImplementedError(m)],
  [ErrorCode.Internal, (m) => new InternalError(m)],
  [ErrorCode.ConnectionNotReady, (m) => new GateNotInitializedError(m)],
]);

/** Rebuilds the error a handler threw from its reply: the same class, code and message. */
export function errorFromReply(reply: ErrorReply): ActrError {
  const make = BY_CODE.get(reply.code);
  return make !== undefined ? make(reply.message) : new ActrError(reply.code, reply.message);
}

/** What travels back for an error thrown by a handler; anything but an ActrError is internal. */
export function toErrorReply(error: unknown): ErrorReply {
  if (error instanceof ActrError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: ErrorCode.Internal, message };
}
