/** ErrorResponse codes of an RPC reply (wire.md, error codes). */
export const ErrorCode = {
  Unavailable: 10001,
  Timeout: 10002,
  NotFound: 10003,
  PermissionDenied: 10004,
  InvalidArgument: 10005,
  UnknownRoute: 10006,
  DependencyNotFound: 10007,
  DecodeFailure: 10008,
  NotImplemented: 10009,
  Internal: 10010,
  ConnectionNotReady: 10011,
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const RETRYABLE: ReadonlySet<number> = new Set([
  ErrorCode.Unavailable,
  ErrorCode.Timeout,
  ErrorCode.ConnectionNotReady,
]);

export function isRetryable(code: number): boolean {
  return RETRYABLE.has(code);
}
