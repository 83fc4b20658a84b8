import { PayloadType } from "../common/payload-type.js";
import type { TsProtoMessageFns, TsProtoMethod } from "./rpc-method.js";

/**
 * The adapter for ts-proto messages: one rpc as the runtime takes it, from what ts-proto generates
 * (message functions) and what the actor file knows (names, lane).
 */
export function tsProtoMethod<Req, Res>(
  service: string,
  name: string,
  localName: string,
  input: TsProtoMessageFns<Req>,
  output: TsProtoMessageFns<Res>,
  payloadType: PayloadType = PayloadType.RPC_RELIABLE,
): TsProtoMethod<Req, Res> {
  return { kind: "ts-proto", service, name, localName, payloadType, input, output };
}
