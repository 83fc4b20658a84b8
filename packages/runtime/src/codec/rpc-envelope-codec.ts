import { Direction, ErrorResponseSchema, RpcEnvelopeSchema } from "@actr/protocol";
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import type { ErrorReply } from "../errors/error-response.js";
import { decodeFailure, type DecodeSubject } from "./decode-failure.js";
import { metadataSize, readMetadataEntry, writeMetadata, type MetadataPair } from "./metadata-entry-codec.js";
import { ProtoBytes, delimitedSize, int64Size, tagSize, utf8Length, varintSize } from "./proto-bytes.js";

// Field numbers come from the generated schema, so proto/ stays the one place for wire facts.
const F = RpcEnvelopeSchema.field;
const ROUTE_KEY = F.routeKey.number;
const PAYLOAD = F.payload.number;
const ERROR = F.error.number;
const DIRECTION = F.direction.number;
const TRACEPARENT = F.traceparent.number;
const TRACESTATE = F.tracestate.number;
const REQUEST_ID = F.requestId.number;
const METADATA = F.metadata.number;
const TIMEOUT_MS = F.timeoutMs.number;
const ERROR_CODE = ErrorResponseSchema.field.code.number;
const ERROR_MESSAGE = ErrorResponseSchema.field.message.number;
/** Direction is a closed (proto2) enum: other values are unknown fields, as protobuf-es reads them. */
const DIRECTIONS: ReadonlySet<number> = new Set(F.direction.enum?.values.map((value) => value.number));

/**
 * An RpcEnvelope as plain data, without protobuf-es reflection. An optional field is on the wire
 * exactly when it is not undefined, as with `create(RpcEnvelopeSchema, init)`.
 */
export interface RpcEnvelopeData {
  readonly routeKey: string;
  readonly payload?: Uint8Array | undefined;
  readonly error?: ErrorReply | undefined;
  readonly direction?: Direction | undefined;
  readonly traceparent?: string | undefined;
  readonly tracestate?: string | undefined;
  readonly requestId: string;
  readonly metadata?: readonly MetadataPair[] | undefined;
  readonly timeoutMs: bigint;
}

/** The same bytes as `toBinary(RpcEnvelopeSchema, create(RpcEnvelopeSchema, envelope))`: fields in number order. */
export function encodeRpcEnvelope(envelope: RpcEnvelopeData): Uint8Array {
  const { routeKey, payload, error, direction, traceparent, tracestate, requestId, metadata, timeoutMs } = envelope;
  const routeKeyBytes = utf8Length(routeKey);
  const requestIdBytes = utf8Length(requestId);
  const errorMessageBytes = error === undefined ? 0 : utf8Length(error.message);
  const errorBytes = error === undefined ? 0 : tagSize(ERROR_CODE) + varintSize(error.code >>> 0) + delimitedSize(ERROR_MESSAGE, errorMessageBytes);
  const traceparentBytes = traceparent === undefined ? 0 : utf8Length(traceparent);
  const tracestateBytes = tracestate === undefined ? 0 : utf8Length(tracestate);
  const size =
    delimitedSize(ROUTE_KEY, routeKeyBytes) +
    (payload === undefined ? 0 : delimitedSize(PAYLOAD, payload.byteLength)) +
    (error === undefined ? 0 : delimitedSize(ERROR, errorBytes)) +
    (direction === undefined ? 0 : tagSize(DIRECTION) + int64Size(BigInt(direction))) +
    (traceparent === undefined ? 0 : delimitedSize(TRACEPARENT, traceparentBytes)) +
    (tracestate === undefined ? 0 : delimitedSize(TRACESTATE, tracestateBytes)) +
    delimitedSize(REQUEST_ID, requestIdBytes) +
    metadataSize(METADATA, metadata) +
    tagSize(TIMEOUT_MS) + int64Size(timeoutMs);

  const out = new ProtoBytes(size);
  out.tag(ROUTE_KEY, WireType.LengthDelimited).string(routeKey, routeKeyBytes);
  if (payload !== undefined) out.tag(PAYLOAD, WireType.LengthDelimited).bytes(payload);
  if (error !== undefined) {
    out.tag(ERROR, WireType.LengthDelimited).varint(errorBytes);
    out.tag(ERROR_CODE, WireType.Varint).varint(error.code >>> 0);
    out.tag(ERROR_MESSAGE, WireType.LengthDelimited).string(error.message, errorMessageBytes);
  }
  if (direction !== undefined) out.tag(DIRECTION, WireType.Varint).int64(BigInt(direction));
  if (traceparent !== undefined) out.tag(TRACEPARENT, WireType.LengthDelimited).string(traceparent, traceparentBytes);
  if (tracestate !== undefined) out.tag(TRACESTATE, WireType.LengthDelimited).string(tracestate, tracestateBytes);
  out.tag(REQUEST_ID, WireType.LengthDelimited).string(requestId, requestIdBytes);
  writeMetadata(out, METADATA, metadata);
  out.tag(TIMEOUT_MS, WireType.Varint).int64(timeoutMs);
  return out.finish();
}

interface MutableEnvelope {
  routeKey?: string;
  payload?: Uint8Array;
  error?: { code?: number; message?: string };
  direction?: Direction;
  traceparent?: string;
  tracestate?: string;
  requestId?: string;
  metadata?: MetadataPair[];
  timeoutMs?: bigint;
}

/**
 * Reads what `fromBinary(RpcEnvelopeSchema, bytes)` reads (unknown fields skipped, the last of a
 * repeated singular field wins, a repeated `error` merges) and then checks the required fields.
 * Throws a DecodeError naming `what` otherwise. `payload` shares memory with `bytes`.
 */
export function decodeRpcEnvelope(bytes: Uint8Array, what: DecodeSubject): RpcEnvelopeData {
  const m: MutableEnvelope = {};
  try {
    const r = new BinaryReader(bytes);
    while (r.pos < r.len) {
      const [fieldNo, wireType] = r.tag();
      switch (fieldNo) {
        case ROUTE_KEY:
          m.routeKey = r.string();
          break;
        case PAYLOAD:
          m.payload = r.bytes();
          break;
        case ERROR:
          m.error = readError(r, m.error ?? {});
          break;
        case DIRECTION: {
          const direction = r.int32();
          if (DIRECTIONS.has(direction)) m.direction = direction;
          break;
        }
        case TRACEPARENT:
          m.traceparent = r.string();
          break;
        case TRACESTATE:
          m.tracestate = r.string();
          break;
        case REQUEST_ID:
          m.requestId = r.string();
          break;
        case METADATA:
          (m.metadata ??= []).push(readMetadataEntry(r));
          break;
        case TIMEOUT_MS:
          m.timeoutMs = BigInt(r.int64());
          break;
        default:
          r.skip(wireType, fieldNo);
      }
    }
  } catch (cause) {
    throw decodeFailure(what, RpcEnvelopeSchema.typeName, cause);
  }
  return complete(m, what);
}

function readError(r: BinaryReader, into: { code?: number; message?: string }): { code?: number; message?: string } {
  const end = r.uint32() + r.pos;
  while (r.pos < end) {
    const [fieldNo, wireType] = r.tag();
    if (fieldNo === ERROR_CODE) into.code = r.uint32();
    else if (fieldNo === ERROR_MESSAGE) into.message = r.string();
    else r.skip(wireType, fieldNo);
  }
  return into;
}

function complete(m: MutableEnvelope, what: DecodeSubject): RpcEnvelopeData {
  const missing = (field: string) => decodeFailure(what, RpcEnvelopeSchema.typeName, new Error(`required field ${field} not set`));
  const { routeKey, requestId, timeoutMs, error } = m;
  if (routeKey === undefined) throw missing("route_key");
  if (requestId === undefined) throw missing("request_id");
  if (timeoutMs === undefined) throw missing("timeout_ms");
  if (error !== undefined && error.code === undefined) throw missing("error.code");
  if (error !== undefined && error.message === undefined) throw missing("error.message");
  return {
    routeKey,
    payload: m.payload,
    error: error === undefined ? undefined : { code: error.code ?? 0, message: error.message ?? "" },
    direction: m.direction,
    traceparent: m.traceparent,
    tracestate: m.tracestate,
    requestId,
    metadata: m.metadata,
    timeoutMs,
  };
}
