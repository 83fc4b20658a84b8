import { create } from "@bufbuild/protobuf";
import {
  aclAllows,
  CandidateCompatibilityInfoSchema,
  RouteCandidatesOkSchema,
  WsAddressEntrySchema,
  actrIdEquals,
  actrTypeMatches,
  type ActrId,
  type RouteCandidatesOk,
  type RouteCandidatesRequest,
} from "@actr/protocol";
import type { ActorRecord } from "./actor-registry.js";

/**
 * Candidates for `request` from `caller` (never the caller itself): same realm, matching type
 * (version only if the request names one), registered (not just restored from a credential), live,
 * visible to the caller by their ACL; spec fingerprint matches first; at most
 * `criteria.candidate_count` (all when absent or 0). When the caller gives a fingerprint, the reply
 * says how each candidate compares with it (`compatibility_info`) and whether none matches exactly
 * (`is_sub_healthy`). `onAclDenied` hears of each candidate its ACL
 * hid; the caller sees only that it is absent, as if it did not exist.
 */
export function selectRouteCandidates(
  records: Iterable<ActorRecord>,
  isLive: (record: ActorRecord) => boolean,
  caller: ActrId,
  callerRealm: number,
  request: RouteCandidatesRequest & { targetType: NonNullable<RouteCandidatesRequest["targetType"]> },
  onAclDenied: (record: ActorRecord) => void = () => {},
): RouteCandidatesOk {
  const exact: ActorRecord[] = [];
  const others: ActorRecord[] = [];
  for (const record of records) {
    if (record.realmId !== callerRealm || !actrTypeMatches(request.targetType, record.type)) continue;
    if (actrIdEquals(record.id, caller)) continue;
    if (!record.discoverable || !isLive(record)) continue;
    if (!aclAllows(record.acl, caller, record.realmId)) {
      onAclDenied(record);
      continue;
    }
    const fingerprint = record.spec?.fingerprint;
    const isExact = request.clientFingerprint !== "" && fingerprint === request.clientFingerprint;
    (isExact ? exact : others).push(record);
  }
  const limit = request.criteria?.candidateCount || Number.POSITIVE_INFINITY;
  const chosen = [...exact, ...others].slice(0, limit);
  const asked = request.clientFingerprint !== "";
  return create(RouteCandidatesOkSchema, {
    candidates: chosen.map((record) => record.id),
    wsAddressMap: chosen
      .filter((record) => record.wsAddress !== undefined)
      .map((record) => create(WsAddressEntrySchema, { candidateId: record.id, wsAddress: record.wsAddress })),
    hasExactMatch: exact.length > 0,
    // Without a fingerprint to compare with, compatibility is unknown: the fields stay absent.
    isSubHealthy: asked ? exact.length === 0 && chosen.length > 0 : undefined,
    compatibilityInfo: asked
      ? chosen.map((record) =>
          create(CandidateCompatibilityInfoSchema, {
            candidateId: record.id,
            candidateFingerprint: record.spec?.fingerprint ?? "",
            isExactMatch: record.spec?.fingerprint === request.clientFingerprint,
          }),
        )
      : [],
  });
}
