import { create } from "@bufbuild/protobuf";
import { aclAllows, DiscoveryOkSchema, TypeEntrySchema, actrTypeToString, type ActrId, type DiscoveryOk, type DiscoveryRequest } from "@actr/protocol";
import type { ActorRecord } from "./actor-registry.js";

/**
 * The types present in `callerRealm` (optionally of one manufacturer), one entry per type and service
 * fingerprint, from live actors whose ACL lets `caller` see them, registration order, at most `limit`
 * (the default 64 when 0).
 */
export function discoverTypes(
  records: Iterable<ActorRecord>,
  isLive: (record: ActorRecord) => boolean,
  caller: ActrId,
  callerRealm: number,
  request: DiscoveryRequest,
): DiscoveryOk {
  const limit = request.limit || 64;
  const seen = new Set<string>();
  const entries = [];
  for (const record of records) {
    if (entries.length >= limit) break;
    if (record.realmId !== callerRealm || (request.manufacturer !== "" && record.type.manufacturer !== request.manufacturer)) continue;
    if (!record.discoverable || !isLive(record) || !aclAllows(record.acl, caller, record.realmId)) continue;
    const spec = record.spec;
    const fingerprint = spec?.fingerprint ?? "";
    const key = `${actrTypeToString(record.type)} ${fingerprint}`;
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push(
      create(TypeEntrySchema, {
        actrType: record.type,
        name: spec?.name ?? record.type.name,
        description: spec?.description,
        serviceFingerprint: fingerprint,
        publishedAt: spec?.publishedAt,
        tags: spec?.tags ?? [],
      }),
    );
  }
  return create(DiscoveryOkSchema, { entries });
}
