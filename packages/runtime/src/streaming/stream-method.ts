import type {
  DescMessage,
  DescMethodBiDiStreaming,
  DescMethodClientStreaming,
  DescMethodServerStreaming,
  MessageInitShape,
  MessageShape,
} from "@bufbuild/protobuf";
import type { Context } from "../context/context.js";
import type { MethodInfo } from "../workload/rpc-method.js";
import type { StreamKind } from "./stream-wire.js";

/** What `stream` takes: a protobuf-es descriptor of a server, client or bidi streaming rpc. */
export type StreamMethod = DescMethodServerStreaming | DescMethodClientStreaming | DescMethodBiDiStreaming;

/** Requests of a client or bidi stream: an AsyncIterable or an array (any Iterable) of messages or init objects. */
export type StreamRequests<I extends DescMessage> = AsyncIterable<MessageInitShape<I>> | Iterable<MessageInitShape<I>>;

/** What a streaming call of `M` takes: one request for a server stream, many for client and bidi streams. */
export type StreamInput<M> =
  M extends DescMethodServerStreaming<infer I>
    ? MessageInitShape<I>
    : M extends DescMethodClientStreaming<infer I>
      ? StreamRequests<I>
      : M extends DescMethodBiDiStreaming<infer I>
        ? StreamRequests<I>
        : never;

/** What a streaming call of `M` gives: the one response of a client stream, the responses of the others. */
export type StreamOutput<M> =
  M extends DescMethodClientStreaming<DescMessage, infer O>
    ? Promise<MessageShape<O>>
    : M extends DescMethodServerStreaming<DescMessage, infer O>
      ? AsyncIterable<MessageShape<O>>
      : M extends DescMethodBiDiStreaming<DescMessage, infer O>
        ? AsyncIterable<MessageShape<O>>
        : never;

/** A streaming route of a dispatcher: how to run its handler, whatever its kind. */
export interface StreamRoute {
  readonly kind: StreamKind;
  readonly info: MethodInfo;
  /**
   * Runs the handler: `input` is the request of a server stream, or the AsyncIterable of requests
   * of a client or bidi stream; yields its responses (the one of a client stream).
   */
  open(input: unknown, ctx: Context): AsyncIterable<unknown>;
}
