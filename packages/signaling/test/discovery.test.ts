import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isFieldSet } from "@bufbuild/protobuf";
import { RouteCandidatesOkSchema, actrIdToString } from "@actr/protocol";
import type { SignalingServer } from "@actr/signaling";
import { discover, ids } from "./support/discover.js";
import { TestActor, register, startQuietServer, type ActorSpec } from "./support/test-actor.js";

describe("route candidates", () => {
  let server: SignalingServer;
  const actors: TestActor[] = [];
  beforeAll(async () => {
    server = await startQuietServer();
  });
  afterAll(async () => {
    await Promise.all(actors.map((actor) => actor.close()));
    await server.close();
  });

  const online = async (spec: ActorSpec) => {
    const actor = await TestActor.connect(server, await register(server, spec));
    actors.push(actor);
    return actor;
  };
  const key = (actor: TestActor) => actrIdToString(actor.id);

  it("matches the type exactly, in the caller's realm, and only actors with a live socket", async () => {
    const caller = await online({ name: "Client" });
    const v1 = await online({ name: "Svc", version: "1" });
    const v2 = await online({ name: "Svc", version: "2" });
    await online({ name: "Svc", version: "1", realm: 2 });
    await online({ manufacturer: "other", name: "Svc", version: "1" });
    await online({ name: "Svc2", version: "1" });
    await register(server, { name: "Svc", version: "1" }); // registered, never connected
    expect(ids(await discover(caller, { name: "Svc" })).sort()).toEqual([key(v1), key(v2)].sort());
    expect(ids(await discover(caller, { name: "Svc", version: "2" }))).toEqual([key(v2)]);
    expect(ids(await discover(caller, { name: "Nothing" }))).toEqual([]);
    await v2.close();
    expect(ids(await discover(caller, { name: "Svc" }))).toEqual([key(v1)]);
  });

  it("hides actors whose ACL denies the caller; a matching DENY wins over an ALLOW", async () => {
    const caller = await online({ name: "AclClient" });
    const allowRule = { permission: 1, fromType: { manufacturer: "acme", name: "AclClient", version: "" } };
    const denyRule = { permission: 0, fromType: { manufacturer: "acme", name: "AclClient", version: "" } };
    const otherRule = { permission: 1, fromType: { manufacturer: "acme", name: "Someone", version: "" } };
    const open = await online({ name: "AclSvc", version: "open" });
    const allowed = await online({ name: "AclSvc", version: "allow", acl: { rules: [allowRule] } });
    await online({ name: "AclSvc", version: "deny", acl: { rules: [allowRule, denyRule] } });
    await online({ name: "AclSvc", version: "nomatch", acl: { rules: [otherRule] } });
    await online({ name: "AclSvc", version: "realm", acl: { rules: [{ ...allowRule, sourceRealm: { case: "realmId", value: 5 } }] } });
    expect(ids(await discover(caller, { name: "AclSvc" })).sort()).toEqual([key(open), key(allowed)].sort());
  });

  it("returns ws addresses, puts exact fingerprints first and honours candidate_count", async () => {
    const caller = await online({ name: "FpClient" });
    const spec = (fingerprint: string) => ({ name: "fp", fingerprint, protobufs: [] });
    const plain = await online({ name: "FpSvc", serviceSpec: spec("service_semantic:old"), wsAddress: "ws://127.0.0.1:1/" });
    const exact = await online({ name: "FpSvc", serviceSpec: spec("service_semantic:new") });
    const found = await discover(caller, { name: "FpSvc" }, { fingerprint: "service_semantic:new" });
    expect(ids(found)).toEqual([key(exact), key(plain)]);
    expect(found.hasExactMatch).toBe(true);
    expect(found.wsAddressMap.map((entry) => [actrIdToString(entry.candidateId!), entry.wsAddress])).toEqual([
      [key(plain), "ws://127.0.0.1:1/"],
    ]);
    const one = await discover(caller, { name: "FpSvc" }, { fingerprint: "service_semantic:none", count: 1 });
    expect(one.candidates).toHaveLength(1);
    expect(one.hasExactMatch).toBe(false);
  });

  it("reports each candidate's compatibility with the caller's fingerprint, and nothing without one", async () => {
    const caller = await online({ name: "CompatClient" });
    const spec = (fingerprint: string) => ({ name: "compat", fingerprint, protobufs: [] });
    const old = await online({ name: "CompatSvc", serviceSpec: spec("service_semantic:old") });
    const subHealthy = await discover(caller, { name: "CompatSvc" }, { fingerprint: "service_semantic:new" });
    expect([subHealthy.hasExactMatch, subHealthy.isSubHealthy]).toEqual([false, true]);
    expect(subHealthy.compatibilityInfo.map((info) => [actrIdToString(info.candidateId!), info.candidateFingerprint, info.isExactMatch])).toEqual([
      [key(old), "service_semantic:old", false],
    ]);
    const exact = await discover(caller, { name: "CompatSvc" }, { fingerprint: "service_semantic:old" });
    expect([exact.hasExactMatch, exact.isSubHealthy, exact.compatibilityInfo[0]?.isExactMatch]).toEqual([true, false, true]);
    const unknown = await discover(caller, { name: "CompatSvc" });
    expect([isFieldSet(unknown, RouteCandidatesOkSchema.field.isSubHealthy), unknown.compatibilityInfo]).toEqual([false, []]);
  });
});
