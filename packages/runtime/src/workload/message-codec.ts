import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import type { DescMessage, MessageInitShape, MessageShape } from "@bufbuild/protobuf";

/**
 * Turns one message type into bytes and back. Generated descriptors hold one per input and output,
 * so the runtime works the same with protobuf-es and ts-proto messages.
 */
export interface MessageCodec<T, Init = T> {
  /** Fully-qualified proto name, e.g. "echo.EchoRequest". */
  readonly typeName: string;
  encode(value: T | Init): Uint8Array;
  decode(bytes: Uint8Array): T;
}

const esCodecs = new WeakMap<DescMessage, MessageCodec<unknown, unknown>>();

/** The codec of a protobuf-es message schema (cached per schema). */
export function esCodec<Desc extends DescMessage>(
  schema: Desc,
): MessageCodec<MessageShape<Desc>, MessageInitShape<Desc>> {
  let codec = esCodecs.get(schema);
  if (codec === undefined) {
    codec = {
      typeName: schema.typeName,
      encode: (value) => toBinary(schema, create(schema, value as MessageInitShape<Desc>)),
      decode: (bytes) => fromBinary(schema, bytes),
    };
    esCodecs.set(schema, codec);
  }
  return codec as MessageCodec<MessageShape<Desc>, MessageInitShape<Desc>>;
}

/** The message functions ts-proto generates for each message. */
export interface TsProtoMessageFns<T> {
  readonly $type?: string;
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
  fromPartial(object: never): T;
}

/** The codec of a ts-proto message; `typeName` is given because ts-proto only emits it on request. */
export function tsProtoCodec<T, Init = Partial<T>>(
  typeName: string,
  fns: TsProtoMessageFns<T>,
): MessageCodec<T, Init> {
  const fromPartial = fns.fromPartial as (object: Init | T) => T;
  return {
    typeName,
    encode: (value) => fns.encode(fromPartial(value)).finish(),
    decode: (bytes) => fns.decode(bytes),
  };
}
