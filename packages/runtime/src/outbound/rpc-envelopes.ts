import { Direction } from "@actr/protocol";
import { encodeRpcEnvelope } from "../codec/rpc-envelope-codec.js";
import type { MetadataPair } from "../codec/metadata-entry-codec.js";
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
export function encodeRequest(requestId: string, routeKey: string, payload: Uint8Array, timeoutMs: number, metadata?: readonly MetadataPair[]): Uint8Array {
  return encodeRpcEnvelope({ direction: Direction.REQUEST, requestId, routeKey, payload, timeoutMs: BigInt(timeoutMs), metadata });
}

export function encodeTell(requestId: string, routeKey: string, payload: Uint8Array): Uint8Array {
  return encodeRpcEnvelope({ direction: Direction.TELL, requestId, routeKey, payload, timeoutMs: 0n });
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
