import { actrIdToString } from "@actr/protocol";
import type { ActrId } from "@actr/protocol";
import type { Dest } from "../common/dest.js";
import { payloadTypeName } from "../common/payload-type.js";
import type { PayloadType } from "../common/payload-type.js";
import type { CallLineage } from "../context/call-lineage.js";
import { ActrError } from "../errors/actr-error.js";
import type { CallOrigin } from "../outbound/outbound.js";
import type { CallTracer, RpcSpan } from "./call-tracer.js";
import { childSpan } from "./trace-context.js";

/** An outgoing call (unary or streaming): the lineage it sends, and its client span, which ends when the call does. */
export interface OutgoingCall {
  readonly lineage: CallLineage;
  readonly span: RpcSpan | undefined;
}

/**
 * Opens the client span of a call from `from` (the app when undefined) when a tracer is enabled;
 * the request carries that span, and for requests the actors waiting on it.
 */
export function outgoingCall(tracer: CallTracer | undefined, dest: Dest, routeKey: string, payloadType: PayloadType, from: CallOrigin | undefined, isRequest: boolean): OutgoingCall {
  // The attributes are built only with a tracer: this runs on every call.
  const span = tracer?.client(from?.trace, { routeKey, peer: dest.kind === "actor" ? actrIdToString(dest.id) : undefined, lane: laneName(payloadType) });
  // Without a span, a remote call still needs a span id of its own as the callee's parent.
  const trace = span?.context ?? (dest.kind === "actor" ? childSpan(from?.trace) : from?.trace);
  return { lineage: { trace, waiting: isRequest ? from?.waiting : undefined }, span };
}

/** The server span of a handled message or streaming call, under the caller's span, when a tracer is enabled. */
export function serverSpan(tracer: CallTracer | undefined, lineage: CallLineage | undefined, routeKey: string, sender: ActrId | undefined, payloadType: PayloadType): RpcSpan | undefined {
  return tracer?.server(lineage?.trace, { routeKey, peer: sender === undefined ? undefined : actrIdToString(sender), lane: laneName(payloadType) });
}

/** Ends `span` as failed, with the ActrError code and message of `error`. */
export function failSpan(span: RpcSpan | undefined, error: unknown): void {
  if (span === undefined) return;
  const actrError = ActrError.from(error);
  span.end(actrError.code, actrError.message);
}

function laneName(payloadType: PayloadType): string {
  return payloadTypeName(payloadType) ?? String(payloadType);
}
