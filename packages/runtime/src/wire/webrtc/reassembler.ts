import { FRAGMENT_HEADER_BYTES, FragmentError, MAX_FRAGMENT_DATA_BYTES, readFragmentHeader } from "./fragment-header.js";

// What an incomplete envelope holds per announced fragment before any data arrives (its slot), so
// that fragments announcing many parts but carrying little count against the lane's memory bound.
const SLOT_BYTES = 8;

export interface ReassemblyLimits {
  /** Largest envelope accepted; a bigger one is refused and its fragments dropped. */
  readonly maxMessageBytes: number;
  /** Bytes all incomplete envelopes of one lane may hold together. */
  readonly maxPendingBytes: number;
  /** An envelope still incomplete this long after its first fragment is dropped. */
  readonly timeoutMs: number;
}

interface Incomplete {
  readonly total: number;
  readonly parts: (Uint8Array | undefined)[];
  received: number;
  bytes: number;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * Puts the fragments of one lane back together. Fragments may arrive in any order (latency-first
 * lanes are unordered and may lose some); a message that breaks the rules throws FragmentError and
 * leaves the other envelopes untouched. Refused envelopes are remembered until their timeout, so
 * their remaining fragments are dropped quietly.
 */
export class Reassembler {
  private readonly partials = new Map<number, Incomplete>();
  private readonly refused = new Map<number, ReturnType<typeof setTimeout>>();
  private pendingBytes = 0;

  constructor(
    private readonly limits: ReassemblyLimits,
    /** Told when an incomplete envelope is dropped at its timeout. */
    private readonly onExpired: (messageId: number, received: number, total: number) => void,
  ) {}

  /** The whole envelope once its last fragment is in, else undefined. Throws FragmentError. */
  accept(message: Uint8Array): Uint8Array | undefined {
    const header = readFragmentHeader(message);
    const data = message.subarray(FRAGMENT_HEADER_BYTES);
    const { messageId, index, total } = header;
    if (this.refused.has(messageId)) return undefined;
    if (total === 1 && !this.partials.has(messageId)) {
      if (data.byteLength > this.limits.maxMessageBytes) this.refuse(messageId, `${data.byteLength} bytes`);
      return data;
    }
    let partial = this.partials.get(messageId);
    if (partial === undefined) {
      if (total > Math.ceil(this.limits.maxMessageBytes / MAX_FRAGMENT_DATA_BYTES)) this.refuse(messageId, `${total} fragments`);
      if (this.pendingBytes + total * SLOT_BYTES > this.limits.maxPendingBytes) {
        this.refuse(messageId, `${total} more fragments besides ${this.pendingBytes} bytes of incomplete messages on the lane`, this.limits.maxPendingBytes);
      }
      partial = { total, parts: new Array<Uint8Array | undefined>(total), received: 0, bytes: 0, timer: this.expireLater(messageId) };
      this.partials.set(messageId, partial);
      this.pendingBytes += total * SLOT_BYTES;
    } else if (partial.total !== total) {
      this.drop(messageId);
      throw new FragmentError(`fragment ${index} of message ${messageId} announces ${total} fragments, earlier ones ${partial.total}`);
    }
    if (partial.parts[index] !== undefined) {
      throw new FragmentError(`fragment ${index} of message ${messageId} arrived twice`);
    }
    if (partial.bytes + data.byteLength > this.limits.maxMessageBytes) {
      this.drop(messageId);
      this.refuse(messageId, `more than ${partial.bytes + data.byteLength} bytes`);
    }
    if (this.pendingBytes + data.byteLength > this.limits.maxPendingBytes) {
      this.drop(messageId);
      this.refuse(messageId, `${this.pendingBytes + data.byteLength} bytes of incomplete messages on the lane`, this.limits.maxPendingBytes);
    }
    partial.parts[index] = data;
    partial.received++;
    partial.bytes += data.byteLength;
    this.pendingBytes += data.byteLength;
    if (partial.received < total) return undefined;
    const whole = new Uint8Array(partial.bytes);
    let offset = 0;
    for (const part of partial.parts) {
      whole.set(part!, offset);
      offset += part!.byteLength;
    }
    this.drop(messageId);
    return whole;
  }

  /** Drops every incomplete envelope and stops the timers. */
  close(): void {
    for (const messageId of [...this.partials.keys()]) this.drop(messageId);
    for (const timer of this.refused.values()) clearTimeout(timer);
    this.refused.clear();
  }

  private refuse(messageId: number, size: string, limit = this.limits.maxMessageBytes): never {
    this.refused.set(
      messageId,
      setTimeout(() => this.refused.delete(messageId), this.limits.timeoutMs),
    );
    throw new FragmentError(`message ${messageId} of ${size} exceeds the limit of ${limit} bytes; dropped`);
  }

  private expireLater(messageId: number): ReturnType<typeof setTimeout> {
    return setTimeout(() => {
      const partial = this.partials.get(messageId);
      if (partial === undefined) return;
      this.drop(messageId);
      this.onExpired(messageId, partial.received, partial.total);
    }, this.limits.timeoutMs);
  }

  private drop(messageId: number): void {
    const partial = this.partials.get(messageId);
    if (partial === undefined) return;
    clearTimeout(partial.timer);
    this.pendingBytes -= partial.bytes + partial.total * SLOT_BYTES;
    this.partials.delete(messageId);
  }
}
