import { WireType } from "@bufbuild/protobuf/wire";
import { InternalError } from "../errors/actr-error.js";

/**
 * Protobuf binary encoding into one buffer of a size computed beforehand: callers add up the
 * `*Size` of their fields, then write them in the same order. One allocation per message, where
 * BinaryWriter grows chunks and joins them.
 */
export class ProtoBytes {
  readonly buf: Uint8Array;
  pos = 0;

  constructor(size: number) {
    this.buf = new Uint8Array(size);
  }

  tag(fieldNo: number, wireType: WireType): this {
    return this.varint((fieldNo << 3) | wireType);
  }

  /** A non-negative integer below 2^53. */
  varint(value: number): this {
    const buf = this.buf;
    while (value > 0x7f) {
      buf[this.pos++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    buf[this.pos++] = value;
    return this;
  }

  /** int64/int32 as protobuf writes them: negatives as 10-byte two's complement. */
  int64(value: bigint): this {
    if (value >= 0n && value <= MAX_SAFE) return this.varint(Number(value));
    let rest = BigInt.asUintN(64, value);
    while (rest > 0x7fn) {
      this.buf[this.pos++] = Number(rest & 0x7fn) | 0x80;
      rest >>= 7n;
    }
    this.buf[this.pos++] = Number(rest);
    return this;
  }

  /** A length-delimited string of `byteLength` UTF-8 bytes (from `stringSize`). */
  string(value: string, byteLength: number): this {
    this.varint(byteLength);
    this.pos += UTF8.encodeInto(value, this.buf.subarray(this.pos, this.pos + byteLength)).written;
    return this;
  }

  bytes(value: Uint8Array): this {
    this.varint(value.byteLength);
    this.buf.set(value, this.pos);
    this.pos += value.byteLength;
    return this;
  }

  /** The written bytes; throws when the sizes added up beforehand did not match. */
  finish(): Uint8Array {
    const { buf } = this;
    if (this.pos !== buf.byteLength) throw new InternalError(`protobuf size mismatch: wrote ${this.pos} of ${buf.byteLength} bytes`);
    return buf;
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const UTF8 = new TextEncoder();

export function varintSize(value: number): number {
  let size = 1;
  while (value > 0x7f) {
    value = Math.floor(value / 0x80);
    size++;
  }
  return size;
}

export function tagSize(fieldNo: number): number {
  return varintSize(fieldNo << 3);
}

export function int64Size(value: bigint): number {
  return value >= 0n && value <= MAX_SAFE ? varintSize(Number(value)) : value < 0n ? 10 : Math.ceil(value.toString(2).length / 7);
}

/** Bytes of a string as protobuf-es writes it (TextEncoder: a lone surrogate becomes U+FFFD). */
export function utf8Length(value: string): number {
  let length = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x80) length += 1;
    else if (code < 0x800) length += 2;
    else if (code >= 0xd800 && code <= 0xdbff && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      length += 4;
      i++;
    } else length += 3;
  }
  return length;
}

/** Bytes of a length-delimited field (tag, length, content) whose content has `length` bytes. */
export function delimitedSize(fieldNo: number, length: number): number {
  return tagSize(fieldNo) + varintSize(length) + length;
}
