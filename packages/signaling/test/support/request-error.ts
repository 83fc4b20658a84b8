import type { SignalingEnvelope } from "@actr/protocol";

/** The refusal of an actor request, which the server sends as SignalingToActr.error. */
export function requestError(envelope: SignalingEnvelope): { code: number; message: string } | undefined {
  const flow = envelope.flow;
  if (flow.case !== "serverToActr" || flow.value.payload.case !== "error") return undefined;
  return { code: flow.value.payload.value.code, message: flow.value.payload.value.message };
}
