/**
 * compat.lock.toml, next to Actr.lock.toml: what discovery negotiated for a dependency when no
 * online actor served the fingerprint the lock pinned, only a compatible one (same type, other
 * protos). The runtime writes it; `actr check` reports it.
 */
export interface CompatLock {
  readonly version: number;
  readonly negotiations: readonly Negotiation[];
}

export interface Negotiation {
  /** The dependency's name in Actr.lock.toml. */
  readonly name: string;
  /** `manufacturer+name`. */
  readonly actrType: string;
  /** The fingerprint Actr.lock.toml pins; the entry holds only while the lock still pins it. */
  readonly lockedFingerprint: string;
  /** The fingerprint of the service discovery found instead. */
  readonly resolvedFingerprint: string;
  /** ISO 8601. */
  readonly recordedAt: string;
}

export const COMPAT_LOCK_VERSION = 1;
export const COMPAT_LOCK_FILE = "compat.lock.toml";

/** Where the negotiations are kept (the file on Node); the core holds none without one. */
export interface CompatStore {
  /** For messages. */
  readonly path: string;
  /** The negotiation recorded for dependency `name` against the fingerprint the lock pins now. */
  find(name: string, lockedFingerprint: string): Negotiation | undefined;
  record(negotiation: Negotiation): void;
  /** Forgets `name`'s negotiation; the file goes away with the last one. */
  remove(name: string): void;
}
