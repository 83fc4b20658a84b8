import { Direction } from "@actr/protocol";
import { encodeRpcEnvelope } from "../codec/rpc-envelope-codec.js";
import type { ErrorReply } from "../errors/error-response.js";

/** The encoded RpcEnvelopes of wire.md's RPC rules; the only place outgoing envelopes are built. */
export function encodeRequest(requestId: string, routeKey: string, payload: Uint8Array, timeoutMs: number): Uint8Array {
  return encodeRpcEnvelope({ direction: Direction.REQUEST, requestId, routeKey, payload, timeoutMs: BigInt(timeoutMs) });
}

export function encodeTell(requestId: string, routeKey: string, payload: Uint8Array): Uint8Array {
  return encodeRpcEnvelope({ direction: Direction.TELL, requestId, routeKey, payload, timeoutMs: 0n });
}

/** Same request_id and route_key as the request; exactly one of payload and error. */
export function encodeResponse(requestId: string, routeKey: string, reply: Uint8Array | ErrorReply): Uint8Array {
  const outcome = reply instanceof Uint8Array ? { payload: reply } : { error: reply };
  return encodeRpcEnvelope({ direction: Direction.RESPONSE, requestId, routeKey, timeoutMs: 0n, ...outcome });
}
