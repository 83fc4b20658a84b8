// The generated module alone: this file is also bundled for browsers, which have no node:crypto.
import { PayloadType as WirePayloadType } from "@actr/protocol/actr/rpc_pb.js";

/** The lane a message travels on; values are the wire enum's (proto/actr/rpc.proto). */
export const PayloadType = {
  RpcReliable: WirePayloadType.RPC_RELIABLE,
  RpcSignal: WirePayloadType.RPC_SIGNAL,
  StreamReliable: WirePayloadType.STREAM_RELIABLE,
  StreamLatencyFirst: WirePayloadType.STREAM_LATENCY_FIRST,
  MediaRtp: WirePayloadType.MEDIA_RTP,
} as const;

export type PayloadType = WirePayloadType;

/** The lane name used on the wire (DataChannel label), e.g. "RPC_RELIABLE". */
export function payloadTypeName(type: PayloadType): string {
  return WirePayloadType[type];
}

export function isPayloadType(value: number): value is PayloadType {
  return WirePayloadType[value] !== undefined;
}
