import { ErrorCode, isRetryable } from "./error-code.js";

/** Base of every runtime error; `code` is the stable wire code carried in ErrorResponse. */
export class ActrError extends Error {
  override name = "ActrError";

  constructor(
    readonly code: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  get retryable(): boolean {
    return isRetryable(this.code);
  }

  /**
   * Any thrown value as an ActrError: itself if it is one, the class of its code for a
   * `{code, message}` reply, a TimeoutError for an abort or timeout, an InternalError otherwise.
   */
  static from(error: unknown): ActrError {
    if (error instanceof ActrError) return error;
    if (error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError")) {
      return new TimeoutError(error.message, { cause: error });
    }
    if (!(error instanceof Error) && isReply(error)) return ActrError.fromReply(error);
    return new InternalError(error instanceof Error ? error.message : String(error), { cause: error });
  }

  /** The error of a `{code, message}` reply, as the class of its code (ActrError for a code this runtime does not know). */
  static fromReply(reply: { readonly code: number; readonly message: string }): ActrError {
    const Class = BY_CODE.get(reply.code);
    return Class !== undefined ? new Class(reply.message) : new ActrError(reply.code, reply.message);
  }
}

/** The peer or the network cannot take the message now; retrying later may work. */
export class TransportError extends ActrError {
  static readonly code = ErrorCode.Unavailable;
  override name = "TransportError";
  constructor(message: string, options?: ErrorOptions) {
    super(TransportError.code, message, options);
  }
}

/** No reply before the deadline, or the caller cancelled (a deadline brought forward). */
export class TimeoutError extends ActrError {
  static readonly code = ErrorCode.Timeout;
  override name = "TimeoutError";
  constructor(message: string, options?: ErrorOptions) {
    super(TimeoutError.code, message, options);
  }
}

export class TargetNotFoundError extends ActrError {
  static readonly code = ErrorCode.NotFound;
  override name = "TargetNotFoundError";
  constructor(message: string, options?: ErrorOptions) {
    super(TargetNotFoundError.code, message, options);
  }
}

export class PermissionDeniedError extends ActrError {
  static readonly code = ErrorCode.PermissionDenied;
  override name = "PermissionDeniedError";
  constructor(message: string, options?: ErrorOptions) {
    super(PermissionDeniedError.code, message, options);
  }
}

export class InvalidArgumentError extends ActrError {
  static readonly code = ErrorCode.InvalidArgument;
  override name = "InvalidArgumentError";
  constructor(message: string, options?: ErrorOptions) {
    super(InvalidArgumentError.code, message, options);
  }
}

export class UnknownRouteError extends ActrError {
  static readonly code = ErrorCode.UnknownRoute;
  override name = "UnknownRouteError";
  constructor(message: string, options?: ErrorOptions) {
    super(UnknownRouteError.code, message, options);
  }

  /** `Unknown route "x" on <where> (known: a, b)`. */
  static forRoute(routeKey: string, where: string, known: readonly string[]): UnknownRouteError {
    const list = known.length > 0 ? known.join(", ") : "none";
    return new UnknownRouteError(`Unknown route "${routeKey}" on ${where} (known: ${list})`);
  }
}

export class DependencyNotFoundError extends ActrError {
  static readonly code = ErrorCode.DependencyNotFound;
  override name = "DependencyNotFoundError";
  constructor(message: string, options?: ErrorOptions) {
    super(DependencyNotFoundError.code, message, options);
  }
}

/** Bytes that are not the message they should be; the message goes to the dead-letter queue. */
export class DecodeError extends ActrError {
  static readonly code = ErrorCode.DecodeFailure;
  override name = "DecodeError";
  constructor(message: string, options?: ErrorOptions) {
    super(DecodeError.code, message, options);
  }
}

export class NotImplementedError extends ActrError {
  static readonly code = ErrorCode.NotImplemented;
  override name = "NotImplementedError";
  constructor(message: string, options?: ErrorOptions) {
    super(NotImplementedError.code, message, options);
  }
}

/** A bug: a handler threw something that is not an ActrError, or the runtime failed. */
export class InternalError extends ActrError {
  static readonly code = ErrorCode.Internal;
  override name = "InternalError";
  constructor(message: string, options?: ErrorOptions) {
    super(InternalError.code, message, options);
  }
}

/** The gate to the target is not open yet (no network, no shell handler); retrying later may work. */
export class GateNotInitializedError extends ActrError {
  static readonly code = ErrorCode.ConnectionNotReady;
  override name = "GateNotInitializedError";
  constructor(message: string, options?: ErrorOptions) {
    super(GateNotInitializedError.code, message, options);
  }
}

/** The class of each code; a test checks that every ErrorCode has exactly one. */
export const ERROR_CLASSES = [
  TransportError,
  TimeoutError,
  TargetNotFoundError,
  PermissionDeniedError,
  InvalidArgumentError,
  UnknownRouteError,
  DependencyNotFoundError,
  DecodeError,
  NotImplementedError,
  InternalError,
  GateNotInitializedError,
] as const;

const BY_CODE: ReadonlyMap<number, (typeof ERROR_CLASSES)[number]> = new Map(ERROR_CLASSES.map((Class) => [Class.code, Class]));

function isReply(value: unknown): value is { code: number; message: string } {
  return typeof value === "object" && value !== null && typeof (value as { code?: unknown }).code === "number" && typeof (value as { message?: unknown }).message === "string";
}
