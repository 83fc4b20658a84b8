import { create, isFieldSet } from "@bufbuild/protobuf";
import { DataStreamSchema, type DataStream } from "@actr/protocol";
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { decodeFailure, type DecodeSubject } from "./decode-failure.js";
import { metadataSize, readMetadataEntry, writeMetadata, type MetadataPair } from "./metadata-entry-codec.js";
import { ProtoBytes, delimitedSize, int64Size, tagSize, utf8Length } from "./proto-bytes.js";
import { InvalidArgumentError } from "../errors/actr-error.js";

const F = DataStreamSchema.field;
const STREAM_ID = F.streamId.number;
const SEQUENCE = F.sequence.number;
const PAYLOAD = F.payload.number;
const METADATA = F.metadata.number;
const TIMESTAMP_MS = F.timestampMs.number;

/** The same bytes as `toBinary(DataStreamSchema, chunk)`, without reflection. */
export function encodeDataStream(chunk: DataStream): Uint8Array {
  for (const field of [F.streamId, F.sequence, F.payload]) {
    if (!isFieldSet(chunk, field)) throw new InvalidArgumentError(`cannot encode ${DataStreamSchema.typeName} to binary: required field ${field.name} not set`);
  }
  const { streamId, sequence, payload, metadata } = chunk;
  const timestampMs = isFieldSet(chunk, F.timestampMs) ? chunk.timestampMs : undefined;
  const streamIdBytes = utf8Length(streamId);
  const size =
    delimitedSize(STREAM_ID, streamIdBytes) +
    tagSize(SEQUENCE) + int64Size(sequence) +
    delimitedSize(PAYLOAD, payload.byteLength) +
    metadataSize(METADATA, metadata) +
    (timestampMs === undefined ? 0 : tagSize(TIMESTAMP_MS) + int64Size(timestampMs));
  const out = new ProtoBytes(size);
  out.tag(STREAM_ID, WireType.LengthDelimited).string(streamId, streamIdBytes);
  out.tag(SEQUENCE, WireType.Varint).int64(sequence);
  out.tag(PAYLOAD, WireType.LengthDelimited).bytes(payload);
  writeMetadata(out, METADATA, metadata);
  if (timestampMs !== undefined) out.tag(TIMESTAMP_MS, WireType.Varint).int64(timestampMs);
  return out.finish();
}

/**
 * Reads what `fromBinary(DataStreamSchema, bytes)` reads and checks the required fields; throws a
 * DecodeError naming `what` otherwise. `payload` shares memory with `bytes`.
 */
export function decodeDataStream(bytes: Uint8Array, what: DecodeSubject): DataStream {
  let streamId: string | undefined;
  let sequence: bigint | undefined;
  let payload: Uint8Array | undefined;
  const metadata: MetadataPair[] = [];
  let timestampMs: bigint | undefined;
  try {
    const r = new BinaryReader(bytes);
    while (r.pos < r.len) {
      const [fieldNo, wireType] = r.tag();
      switch (fieldNo) {
        case STREAM_ID:
          streamId = r.string();
          break;
        case SEQUENCE:
          sequence = BigInt(r.uint64());
          break;
        case PAYLOAD:
          payload = r.bytes();
          break;
        case METADATA:
          metadata.push(readMetadataEntry(r));
          break;
        case TIMESTAMP_MS:
          timestampMs = BigInt(r.int64());
          break;
        default:
          r.skip(wireType, fieldNo);
      }
    }
  } catch (cause) {
    throw decodeFailure(what, DataStreamSchema.typeName, cause);
  }
  const missing = streamId === undefined ? "stream_id" : sequence === undefined ? "sequence" : payload === undefined ? "payload" : undefined;
  if (missing !== undefined) throw decodeFailure(what, DataStreamSchema.typeName, new Error(`required field ${missing} not set`));
  // A message, as callbacks may expect one (isMessage, toBinary); timestamp_ms keeps its presence.
  return create(DataStreamSchema, { streamId, sequence, payload, metadata, ...(timestampMs === undefined ? {} : { timestampMs }) });
}
