import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { DataStreamSchema, ErrorResponseSchema } from "@actr/protocol";
import type { DataStream } from "@actr/protocol";
import type { MetadataPair } from "../codec/metadata-entry-codec.js";
import { EMPTY_BYTES } from "../common/empty-bytes.js";
import { DecodeError } from "../errors/actr-error.js";
import type { ErrorReply } from "../errors/error-response.js";

/**
 * The wire convention of streaming rpc methods (the README's "Streaming calls" section is its
 * description for other implementations). A call opens with a REQUEST RpcEnvelope whose metadata
 * says it is a stream (`STREAM_KIND_KEY`) and how many messages the callee may send before it gets
 * credit (`WINDOW_KEY`); its messages then flow as DataStream chunks on STREAM_RELIABLE, caller to
 * callee on `upStreamId(requestId)`, callee to caller on `downStreamId(requestId)`, each stream
 * numbered from sequence 0 by the side that sends it. A chunk without the `CHUNK_KEY` metadata
 * entry holds one encoded message; with it, it is a control chunk.
 */
export const STREAM_KIND_KEY = "actr-stream";
export const WINDOW_KEY = "actr-window";
export const CHUNK_KEY = "actr-chunk";
export const CREDIT_KEY = "actr-credit";

export type StreamKind = "server_streaming" | "client_streaming" | "bidi_streaming";
const KIND_ON_WIRE: Record<StreamKind, string> = { server_streaming: "server", client_streaming: "client", bidi_streaming: "bidi" };

/** How many messages each receiver lets its sender have outstanding. */
export const STREAM_WINDOW = 1024;

export const upStreamId = (requestId: string): string => `actr:${requestId}:up`;
export const downStreamId = (requestId: string): string => `actr:${requestId}:down`;

/** Stream ids of this convention; user streams must not use the prefix. */
export const isCallStreamId = (streamId: string): boolean => streamId.startsWith("actr:");

/** The metadata of the opening REQUEST. */
export function openMetadata(kind: StreamKind, window: number): MetadataPair[] {
  return [
    { key: STREAM_KIND_KEY, value: KIND_ON_WIRE[kind] },
    { key: WINDOW_KEY, value: String(window) },
  ];
}

/** The stream kind and window an opening REQUEST announces; undefined for a unary request. */
export function readOpen(metadata: readonly MetadataPair[] | undefined): { kind: StreamKind; window: number } | undefined {
  const kindValue = metadata?.find((entry) => entry.key === STREAM_KIND_KEY)?.value;
  if (kindValue === undefined) return undefined;
  const kind = (Object.keys(KIND_ON_WIRE) as StreamKind[]).find((name) => KIND_ON_WIRE[name] === kindValue);
  if (kind === undefined) throw new DecodeError(`${STREAM_KIND_KEY} "${kindValue}" is not one of server, client, bidi`);
  const window = Number(metadata?.find((entry) => entry.key === WINDOW_KEY)?.value ?? STREAM_WINDOW);
  if (!Number.isInteger(window) || window < 1) throw new DecodeError(`${WINDOW_KEY} must be a positive whole number`);
  return { kind, window };
}

/** What a chunk of a call stream is. */
export type CallChunk =
  | { readonly type: "message"; readonly payload: Uint8Array }
  | { readonly type: "end" }
  | { readonly type: "error"; readonly error: ErrorReply }
  | { readonly type: "credit"; readonly credit: number };

const END: readonly MetadataPair[] = [{ key: CHUNK_KEY, value: "end" }];
const ERROR: readonly MetadataPair[] = [{ key: CHUNK_KEY, value: "error" }];

export function messageChunk(streamId: string, sequence: bigint, payload: Uint8Array): DataStream {
  return create(DataStreamSchema, { streamId, sequence, payload });
}

export function endChunk(streamId: string, sequence: bigint): DataStream {
  return create(DataStreamSchema, { streamId, sequence, payload: EMPTY_BYTES, metadata: [...END] });
}

/** The payload is an encoded ErrorResponse with a code of the RPC error table. */
export function errorChunk(streamId: string, sequence: bigint, error: ErrorReply): DataStream {
  return create(DataStreamSchema, { streamId, sequence, payload: toBinary(ErrorResponseSchema, create(ErrorResponseSchema, error)), metadata: [...ERROR] });
}

/** Lets the other side send `credit` more messages on the stream this one answers. */
export function creditChunk(streamId: string, sequence: bigint, credit: number): DataStream {
  return create(DataStreamSchema, { streamId, sequence, payload: EMPTY_BYTES, metadata: [{ key: CHUNK_KEY, value: "credit" }, { key: CREDIT_KEY, value: String(credit) }] });
}

export function readChunk(chunk: DataStream): CallChunk {
  const type = chunk.metadata.find((entry) => entry.key === CHUNK_KEY)?.value;
  switch (type) {
    case undefined:
      return { type: "message", payload: chunk.payload };
    case "end":
      return { type: "end" };
    case "error": {
      const error = fromBinary(ErrorResponseSchema, chunk.payload);
      return { type: "error", error: { code: error.code, message: error.message } };
    }
    case "credit": {
      const credit = Number(chunk.metadata.find((entry) => entry.key === CREDIT_KEY)?.value);
      if (!Number.isInteger(credit) || credit < 1) throw new DecodeError(`Credit chunk of ${chunk.streamId} has no positive ${CREDIT_KEY}`);
      return { type: "credit", credit };
    }
    default:
      throw new DecodeError(`Chunk ${chunk.sequence} of ${chunk.streamId} has an unknown ${CHUNK_KEY} "${type}"`);
  }
}
