import { Direction, describeActrId } from "@actr/protocol";
import type { ActrId } from "@actr/protocol";
import { decodeDataStream } from "../codec/data-stream-codec.js";
import { decodeRpcEnvelope, type RpcEnvelopeData } from "../codec/rpc-envelope-codec.js";
import { EMPTY_BYTES } from "../common/empty-bytes.js";
import type { Logger } from "../common/logger.js";
import { PayloadType, payloadTypeName } from "../common/payload-type.js";
import { ErrorCode } from "../errors/error-code.js";
import { errorFromReply, toErrorReply, type ErrorReply } from "../errors/error-response.js";
import { Origin } from "../mailbox/inbox-message.js";
import { senderToBytes } from "../mailbox/sender-bytes.js";
import type { Mailbox } from "../mailbox/mailbox.js";
import type { OutprocGate } from "../outbound/outproc-gate.js";
import { CANCEL_ROUTE_KEY, CANCELS_KEY, decodeLineage } from "../outbound/rpc-envelopes.js";
import type { PendingRequests } from "../outbound/pending-requests.js";
import type { InboundSink } from "../transport/peer-transport.js";
import type { StreamingCalls } from "../streaming/streaming-calls.js";
import { isCallStreamId, readOpen } from "../streaming/stream-wire.js";
import type { StreamRegistry } from "./stream-registry.js";


/**
 * Where everything a remote actor sends arrives (the PeerTransport's sink), sorted by lane:
 * responses complete pending calls, requests and tells go to the mailbox, stream chunks to their
 * callbacks. Bad bytes from a peer are logged and dead-lettered; they never throw.
 */
export class InboundDispatcher {
  #accepting = true;

  constructor(
    private readonly mailbox: Mailbox,
    private readonly pending: PendingRequests,
    private readonly streams: StreamRegistry,
    private readonly outproc: OutprocGate,
    /** This actor's ACL: whether `sender` may send it requests and tells, whatever wire they came on. */
    private readonly allows: (sender: ActrId) => boolean,
    private readonly logger: Logger,
    /** A caller cancelled its request `requestId`. */
    private readonly onCancel: (sender: ActrId, requestId: string) => void,
    /** Streaming calls: their opening REQUESTs and the chunks of their streams. */
    private readonly streaming: Pick<StreamingCalls, "serveRemote" | "deliver">,
  ) {}

  /** From now on requests are refused with "unavailable" and tells dropped (shutdown). */
  stopAccepting(): void {
    this.#accepting = false;
  }

  readonly receive: InboundSink = (sender, payloadType, data) => {
    try {
      switch (payloadType) {
        case PayloadType.RPC_RELIABLE:
        case PayloadType.RPC_SIGNAL:
          return this.#rpc(sender, payloadType, data);
        case PayloadType.STREAM_RELIABLE:
        case PayloadType.STREAM_LATENCY_FIRST:
          return this.#stream(sender, payloadType, data);
        default:
          return this.#reject(sender, payloadType, data, `lane ${payloadTypeName(payloadType) ?? payloadType} carries no RPC or stream messages`);
      }
    } catch (error) {
      this.logger.error(`Inbound message from ${describeActrId(sender)} could not be handled`, error);
    }
  };

  #rpc(sender: ActrId, payloadType: PayloadType, data: Uint8Array): void {
    let envelope: RpcEnvelopeData;
    try {
      envelope = decodeRpcEnvelope(data, () => `${payloadTypeName(payloadType)} message from ${describeActrId(sender)}`);
    } catch (error) {
      return this.#reject(sender, payloadType, data, error instanceof Error ? error.message : String(error));
    }
    switch (envelope.direction) {
      case Direction.RESPONSE:
        return this.#response(sender, envelope);
      case Direction.REQUEST:
      case Direction.TELL:
        return this.#request(sender, payloadType, envelope);
      default:
        return this.#reject(sender, payloadType, data, `RpcEnvelope ${envelope.routeKey} has direction ${envelope.direction ?? Direction.UNSPECIFIED}, not REQUEST, RESPONSE or TELL`);
    }
  }

  #response(sender: ActrId, envelope: RpcEnvelopeData): void {
    const matched =
      envelope.error !== undefined
        ? this.pending.reject(envelope.requestId, errorFromReply(envelope.error))
        : this.pending.resolve(envelope.requestId, envelope.payload ?? EMPTY_BYTES);
    if (!matched) {
      this.logger.warn(`Dropped a response to ${envelope.routeKey} from ${describeActrId(sender)}: no call waits for request ${envelope.requestId}`);
    }
  }

  #request(sender: ActrId, payloadType: PayloadType, envelope: RpcEnvelopeData): void {
    const { requestId, routeKey } = envelope;
    if (routeKey === CANCEL_ROUTE_KEY && envelope.direction === Direction.TELL) return this.#cancel(sender, envelope);
    if (!this.#accepting) {
      this.logger.info(`Refused ${routeKey} from ${describeActrId(sender)}: shutting down`);
      return this.#refuse(sender, payloadType, envelope, { code: ErrorCode.Unavailable, message: `The actor is shutting down; ${routeKey} was not handled` });
    }
    if (!this.allows(sender)) {
      this.logger.warn(`Refused ${routeKey} from ${describeActrId(sender)}: the [acl] of this actor does not allow its type`);
      return this.#refuse(sender, payloadType, envelope, { code: ErrorCode.PermissionDenied, message: `The ACL of this actor does not allow your actor type to call ${routeKey}` });
    }
    let open;
    try {
      open = readOpen(envelope.metadata);
    } catch (error) {
      return this.#refuse(sender, payloadType, envelope, toErrorReply(error));
    }
    // Streaming calls skip the mailbox: their messages flow while the call runs, and a stream cut by a crash cannot resume.
    if (open !== undefined && envelope.direction === Direction.REQUEST) return this.streaming.serveRemote(sender, payloadType, envelope, open);
    this.mailbox.enqueue({
      kind: envelope.direction === Direction.REQUEST ? Direction.REQUEST : Direction.TELL,
      origin: Origin.Remote,
      sender: senderToBytes(sender),
      requestId,
      routeKey,
      payload: envelope.payload ?? EMPTY_BYTES,
      payloadType,
      timeoutMs: Number(envelope.timeoutMs),
      lineage: decodeLineage(envelope),
    });
  }

  /** Answers a refused request with `reply`; a refused tell is dropped. */
  #refuse(sender: ActrId, payloadType: PayloadType, envelope: RpcEnvelopeData, reply: ErrorReply): void {
    const { requestId, routeKey } = envelope;
    if (envelope.direction !== Direction.REQUEST) return;
    this.outproc.respond(sender, payloadType, requestId, routeKey, reply).catch((error: unknown) => {
      this.logger.debug(`Could not refuse ${routeKey} to ${describeActrId(sender)}`, error);
    });
  }

  #cancel(sender: ActrId, envelope: RpcEnvelopeData): void {
    const cancelled = envelope.metadata?.find((entry) => entry.key === CANCELS_KEY)?.value;
    if (cancelled === undefined) {
      this.logger.warn(`Ignored a cancel from ${describeActrId(sender)} without a "${CANCELS_KEY}" metadata entry`);
      return;
    }
    this.onCancel(sender, cancelled);
  }

  #stream(sender: ActrId, payloadType: PayloadType, data: Uint8Array): void {
    try {
      const chunk = decodeDataStream(data, () => `${payloadTypeName(payloadType)} chunk from ${describeActrId(sender)}`);
      if (isCallStreamId(chunk.streamId)) this.streaming.deliver(chunk, sender);
      else this.streams.deliver(chunk, sender);
    } catch (error) {
      this.#reject(sender, payloadType, data, error instanceof Error ? error.message : String(error));
    }
  }

  #reject(sender: ActrId, payloadType: number, data: Uint8Array, reason: string): void {
    this.logger.warn(`Dead-lettered a message from ${describeActrId(sender)}: ${reason}`);
    let senderBytes: Uint8Array | undefined;
    try {
      senderBytes = senderToBytes(sender);
    } catch {
      senderBytes = undefined;
    }
    this.mailbox.deadLetter({ reason, payloadType, sender: senderBytes, routeKey: undefined, requestId: undefined, data });
  }
}
