/**
 * The codes of an RPC error reply (ErrorResponse.code on the wire) and whether a retry of the same
 * call may succeed. Each code has exactly one ActrError class (see actr-error.ts).
 */
const CODES = {
  Unavailable: { code: 10001, retryable: true },
  Timeout: { code: 10002, retryable: true },
  NotFound: { code: 10003, retryable: false },
  PermissionDenied: { code: 10004, retryable: false },
  InvalidArgument: { code: 10005, retryable: false },
  UnknownRoute: { code: 10006, retryable: false },
  DependencyNotFound: { code: 10007, retryable: false },
  DecodeFailure: { code: 10008, retryable: false },
  NotImplemented: { code: 10009, retryable: false },
  Internal: { code: 10010, retryable: false },
  ConnectionNotReady: { code: 10011, retryable: true },
} as const;

type CodeName = keyof typeof CODES;

export const ErrorCode = Object.fromEntries(Object.entries(CODES).map(([name, { code }]) => [name, code])) as {
  readonly [K in CodeName]: (typeof CODES)[K]["code"];
};

export type ErrorCode = (typeof ErrorCode)[CodeName];

const RETRYABLE: ReadonlySet<number> = new Set(Object.values(CODES).filter((entry) => entry.retryable).map((entry) => entry.code));

export function isRetryable(code: number): boolean {
  return RETRYABLE.has(code);
}
