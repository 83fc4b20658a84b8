import { PayloadType } from "@actr/protocol";

/** The lane a message travels on: the wire enum itself (actr.PayloadType), one name per lane. */
export { PayloadType };

/** The lane name used on the wire (DataChannel label), e.g. "RPC_RELIABLE". */
export function payloadTypeName(type: PayloadType): string {
  return PayloadType[type];
}

export function isPayloadType(value: number): value is PayloadType {
  return PayloadType[value] !== undefined;
}
