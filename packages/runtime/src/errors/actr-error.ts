import { ErrorCode, isRetryable } from "./error-code.js";

/** Base of every runtime error; `code` is the stable wire code carried in ErrorResponse. */
export class ActrError extends Error {
  override name = "ActrError";

  constructor(
    readonly code: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get retryable(): boolean {
    return isRetryable(this.code);
  }
}

export class TransportError extends ActrError {
  override name = "TransportError";
  constructor(message: string, options?: { cause?: unknown; code?: number }) {
    super(options?.code ?? ErrorCode.Unavailable, message, options);
  }
}

export class TimeoutError extends ActrError {
  override name = "TimeoutError";
  constructor(message: string) {
    super(ErrorCode.Timeout, message);
  }
}

export class DecodeError extends ActrError {
  override name = "DecodeError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.DecodeFailure, message, options);
  }
}

export class UnknownRouteError extends ActrError {
  override name = "UnknownRouteError";
  constructor(message: string) {
    super(ErrorCode.UnknownRoute, message);
  }

  /** `Unknown route "x" on <where> (known: a, b)`. */
  static forRoute(routeKey: string, where: string, known: readonly string[]): UnknownRouteError {
    const list = known.length > 0 ? known.join(", ") : "none";
    return new UnknownRouteError(`Unknown route "${routeKey}" on ${where} (known: ${list})`);
  }
}

export class GateNotInitializedError extends ActrError {
  override name = "GateNotInitializedError";
  constructor(message: string) {
    super(ErrorCode.ConnectionNotReady, message);
  }
}

export class DependencyNotFoundError extends ActrError {
  override name = "DependencyNotFoundError";
  constructor(message: string) {
    super(ErrorCode.DependencyNotFound, message);
  }
}

export class TargetNotFoundError extends ActrError {
  override name = "TargetNotFoundError";
  constructor(message: string) {
    super(ErrorCode.NotFound, message);
  }
}

export class PermissionDeniedError extends ActrError {
  override name = "PermissionDeniedError";
  constructor(message: string) {
    super(ErrorCode.PermissionDenied, message);
  }
}

export class InvalidArgumentError extends ActrError {
  override name = "InvalidArgumentError";
  constructor(message: string) {
    super(ErrorCode.InvalidArgument, message);
  }
}

export class NotImplementedError extends ActrError {
  override name = "NotImplementedError";
  constructor(message: string) {
    super(ErrorCode.NotImplemented, message);
  }
}

export class InternalError extends ActrError {
  override name = "InternalError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.Internal, message, options);
  }
}
