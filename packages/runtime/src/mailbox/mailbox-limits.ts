/** How much a mailbox file keeps besides its messages; each bound drops the oldest first. */
export interface MailboxLimits {
  /** Stored results (answers to repeated request ids) kept at most; default 200,000. */
  readonly maxResults?: number;
  /** Bytes of stored results (payloads and error messages) kept at most; default 64 MiB. */
  readonly maxResultBytes?: number;
  /** Dead letters kept at most; default 1,000. */
  readonly maxDeadLetters?: number;
  /** Bytes of dead letters kept at most (data prefix and reason); default 8 MiB. */
  readonly maxDeadLetterBytes?: number;
  /** Bytes of a dead message's data kept; its full length and SHA-256 are kept too. Default 4 KiB. */
  readonly deadLetterPrefixBytes?: number;
}

export type ResolvedMailboxLimits = Required<MailboxLimits>;

export const DEFAULT_MAILBOX_LIMITS: ResolvedMailboxLimits = {
  maxResults: 200_000,
  maxResultBytes: 64 * 1024 * 1024,
  maxDeadLetters: 1_000,
  maxDeadLetterBytes: 8 * 1024 * 1024,
  deadLetterPrefixBytes: 4 * 1024,
};

export function resolveMailboxLimits(limits: MailboxLimits = {}): ResolvedMailboxLimits {
  const resolved = { ...DEFAULT_MAILBOX_LIMITS };
  for (const key of Object.keys(DEFAULT_MAILBOX_LIMITS) as (keyof MailboxLimits)[]) {
    const value = limits[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`Mailbox limit ${key} must be a whole number of at least 1, not ${value}`);
    resolved[key] = value;
  }
  return resolved;
}
