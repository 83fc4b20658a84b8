import { fromBinary, toBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";

/** Bytes that are not a complete message of the expected type. */
export class MessageDecodeError extends Error {
  override readonly name = "MessageDecodeError";
}

/**
 * Decodes `bytes` and enforces proto2 `required` fields, which protobuf-es checks only when
 * encoding: a message that cannot be re-encoded is incomplete.
 */
export function decodeComplete<S extends DescMessage>(schema: S, bytes: Uint8Array, what: string): MessageShape<S> {
  try {
    const message = fromBinary(schema, bytes);
    toBinary(schema, message);
    return message;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new MessageDecodeError(`${what} is not a valid ${schema.typeName}: ${why}`);
  }
}
