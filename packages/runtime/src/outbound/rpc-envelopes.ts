import { Direction } from "@actr/protocol";
import { encodeRpcEnvelope } from "../codec/rpc-envelope-codec.js";
import type { MetadataPair } from "../codec/metadata-entry-codec.js";
import type { RpcEnvelopeData } from "../codec/rpc-envelope-codec.js";
import { WAITING_KEY, decodeWaiting, encodeWaiting } from "../context/call-lineage.js";
import type { CallLineage } from "../context/call-lineage.js";
import { formatTraceparent, parseTraceparent } from "../tracing/trace-context.js";
import type { ErrorReply } from "../errors/error-response.js";

/**
 * The route key of a cancellation: a TELL with a fresh request_id, no payload, and the id of the
 * cancelled request in the metadata entry `CANCELS_KEY`. Route keys made from protos hold only
 * identifiers and dots, so this one never names a user method; a peer that does not know it
 * answers nothing (it is a tell) and handles the original request as before.
 */
export const CANCEL_ROUTE_KEY = "actr:cancel";
export const CANCELS_KEY = "cancels";

/** The encoded RpcEnvelopes of the RPC rules of the wire protocol; the only place outgoing envelopes are built. */
/** `metadata` is added to the lineage's entries (a streaming call's opening entries). */
export function encodeRequest(requestId: string, routeKey: string, payload: Uint8Array, timeoutMs: number, lineage?: CallLineage, metadata?: readonly MetadataPair[]): Uint8Array {
  const fields = lineageFields(lineage);
  const entries = metadata === undefined ? fields.metadata : [...(fields.metadata ?? []), ...metadata];
  return encodeRpcEnvelope({ direction: Direction.REQUEST, requestId, routeKey, payload, timeoutMs: BigInt(timeoutMs), ...fields, metadata: entries });
}

export function encodeTell(requestId: string, routeKey: string, payload: Uint8Array, lineage?: CallLineage): Uint8Array {
  return encodeRpcEnvelope({ direction: Direction.TELL, requestId, routeKey, payload, timeoutMs: 0n, ...lineageFields(lineage) });
}

/** The envelope fields of a lineage: traceparent (100), tracestate (101), the waiting actors as metadata. */
function lineageFields(lineage: CallLineage | undefined): Pick<RpcEnvelopeData, "traceparent" | "tracestate" | "metadata"> {
  if (lineage === undefined) return {};
  const { trace } = lineage;
  const waiting = encodeWaiting(lineage.waiting);
  return {
    traceparent: trace === undefined ? undefined : formatTraceparent(trace),
    tracestate: trace?.tracestate,
    metadata: waiting === undefined ? undefined : [{ key: WAITING_KEY, value: waiting }],
  };
}

/** The lineage an incoming request or tell carries. */
export function decodeLineage(envelope: RpcEnvelopeData): CallLineage | undefined {
  const trace = parseTraceparent(envelope.traceparent, envelope.tracestate);
  const waiting = decodeWaiting(envelope.metadata?.find((entry) => entry.key === WAITING_KEY)?.value);
  return trace === undefined && waiting === undefined ? undefined : { trace, waiting };
}

/** Same request_id and route_key as the request; exactly one of payload and error. */
export function encodeResponse(requestId: string, routeKey: string, reply: Uint8Array | ErrorReply): Uint8Array {
  const outcome = reply instanceof Uint8Array ? { payload: reply } : { error: reply };
  return encodeRpcEnvelope({ direction: Direction.RESPONSE, requestId, routeKey, timeoutMs: 0n, ...outcome });
}

/** Tells the callee that the caller of `cancelled` stopped waiting. */
export function encodeCancel(requestId: string, cancelled: string): Uint8Array {
  return encodeRpcEnvelope({ direction: Direction.TELL, requestId, routeKey: CANCEL_ROUTE_KEY, timeoutMs: 0n, metadata: [{ key: CANCELS_KEY, value: cancelled }] });
}
