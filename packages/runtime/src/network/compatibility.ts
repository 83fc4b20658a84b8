import { isFieldSet } from "@bufbuild/protobuf";
import { RouteCandidatesOkSchema, type RouteCandidatesOk } from "@actr/protocol";
import type { Compatibility } from "../transport/network.js";

/**
 * What a RouteCandidatesOk says about compatibility: our server sets is_sub_healthy (field 101)
 * and compatibility_info (102) when the request had a fingerprint; a server that leaves them
 * absent, as actrix does, says nothing (undefined).
 */
export function compatibilityOf(found: RouteCandidatesOk): Compatibility | undefined {
  if (!isFieldSet(found, RouteCandidatesOkSchema.field.isSubHealthy)) return undefined;
  return {
    exactMatch: found.hasExactMatch,
    subHealthy: found.isSubHealthy,
    candidates: found.compatibilityInfo.flatMap((info) =>
      info.candidateId === undefined ? [] : [{ id: info.candidateId, fingerprint: info.candidateFingerprint, exact: info.isExactMatch }],
    ),
  };
}
