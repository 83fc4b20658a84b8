import { create } from "@bufbuild/protobuf";
import {
  ActrTypeSchema,
  RouteCandidatesRequestSchema,
  actrIdToString,
  type RouteCandidatesOk,
} from "@actr/protocol";
import type { TestActor } from "./test-actor.js";

/** Asks for candidates of `manufacturer+name[+version]` and returns the successful answer. */
export async function discover(
  actor: TestActor,
  target: { manufacturer?: string; name: string; version?: string },
  options: { fingerprint?: string; count?: number } = {},
): Promise<RouteCandidatesOk> {
  const request = create(RouteCandidatesRequestSchema, {
    targetType: create(ActrTypeSchema, { manufacturer: target.manufacturer ?? "acme", name: target.name, version: target.version ?? "" }),
    clientFingerprint: options.fingerprint ?? "",
    criteria: options.count === undefined ? undefined : { candidateCount: options.count },
  });
  const reply = await actor.reply(actor.request({ case: "routeCandidatesRequest", value: request }));
  const payload = reply.flow.case === "serverToActr" ? reply.flow.value.payload : undefined;
  const result = payload?.case === "routeCandidatesResponse" ? payload.value.result : undefined;
  if (result?.case !== "success") throw new Error("discovery did not succeed");
  return result.value;
}

export function ids(ok: RouteCandidatesOk): string[] {
  return ok.candidates.map(actrIdToString);
}
