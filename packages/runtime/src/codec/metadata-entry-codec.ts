import { MetadataEntrySchema } from "@actr/protocol";
import { WireType, type BinaryReader } from "@bufbuild/protobuf/wire";
import { delimitedSize, utf8Length, type ProtoBytes } from "./proto-bytes.js";
import { InvalidArgumentError } from "../errors/actr-error.js";

const KEY = MetadataEntrySchema.field.key.number;
const VALUE = MetadataEntrySchema.field.value.number;

/** One MetadataEntry of an RpcEnvelope or DataStream, as plain data. */
export interface MetadataPair {
  readonly key: string;
  readonly value: string;
}

/** Bytes of the repeated MetadataEntry field `fieldNo`. */
export function metadataSize(fieldNo: number, metadata: readonly MetadataPair[] | undefined): number {
  if (metadata === undefined) return 0;
  let size = 0;
  for (const entry of metadata) size += delimitedSize(fieldNo, entrySize(entry));
  return size;
}

/** Writes the repeated MetadataEntry field `fieldNo`, one length-delimited entry each. */
export function writeMetadata(out: ProtoBytes, fieldNo: number, metadata: readonly MetadataPair[] | undefined): void {
  if (metadata === undefined) return;
  for (const entry of metadata) {
    out.tag(fieldNo, WireType.LengthDelimited).varint(entrySize(entry));
    out.tag(KEY, WireType.LengthDelimited).string(entry.key, utf8Length(entry.key));
    out.tag(VALUE, WireType.LengthDelimited).string(entry.value, utf8Length(entry.value));
  }
}

function entrySize(entry: MetadataPair): number {
  return delimitedSize(KEY, utf8Length(entry.key)) + delimitedSize(VALUE, utf8Length(entry.value));
}

/** Reads one entry at the reader's position; both fields are required. */
export function readMetadataEntry(reader: BinaryReader): MetadataPair {
  const end = reader.uint32() + reader.pos;
  let key: string | undefined;
  let value: string | undefined;
  while (reader.pos < end) {
    const [fieldNo, wireType] = reader.tag();
    if (fieldNo === KEY) key = reader.string();
    else if (fieldNo === VALUE) value = reader.string();
    else reader.skip(wireType, fieldNo);
  }
  if (key === undefined || value === undefined) throw new InvalidArgumentError(`${MetadataEntrySchema.typeName}: required field ${key === undefined ? "key" : "value"} not set`);
  return { key, value };
}
