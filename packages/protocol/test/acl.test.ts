import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { AclRule_Permission, AclSchema, makeActrId, makeActrType, type AclRule } from "@actr/protocol";
import { aclAllows } from "../src/identity/acl.js";

const caller = makeActrId(1, 5n, makeActrType("acme", "Client", "2"));
const foreignCaller = makeActrId(3, 5n, makeActrType("acme", "Client", "2"));

function rule(permission: AclRule_Permission, version = "", sourceRealm: AclRule["sourceRealm"] = { case: undefined }) {
  return { permission, fromType: makeActrType("acme", "Client", version), sourceRealm };
}
const allows = (rules: ReturnType<typeof rule>[], who = caller) => aclAllows(create(AclSchema, { rules }), who, 1);

describe("aclAllows", () => {
  it("lets everyone in without an ACL or without rules", () => {
    expect(aclAllows(undefined, caller, 1)).toBe(true);
    expect(allows([])).toBe(true);
  });

  it("needs a matching ALLOW, and any matching DENY wins", () => {
    expect(allows([rule(AclRule_Permission.ALLOW)])).toBe(true);
    expect(allows([rule(AclRule_Permission.ALLOW, "2")])).toBe(true);
    expect(allows([rule(AclRule_Permission.ALLOW, "1")])).toBe(false);
    expect(allows([rule(AclRule_Permission.ALLOW), rule(AclRule_Permission.DENY, "2")])).toBe(false);
    expect(allows([rule(AclRule_Permission.DENY, "1"), rule(AclRule_Permission.ALLOW)])).toBe(true);
  });

  it("applies realm rules: none = owner's realm, realm_id = that realm, any_realm = all", () => {
    const allow = AclRule_Permission.ALLOW;
    expect(allows([rule(allow)], foreignCaller)).toBe(false);
    expect(allows([rule(allow, "", { case: "realmId", value: 3 })], foreignCaller)).toBe(true);
    expect(allows([rule(allow, "", { case: "realmId", value: 3 })], caller)).toBe(false);
    expect(allows([rule(allow, "", { case: "anyRealm", value: true })], foreignCaller)).toBe(true);
    expect(allows([rule(allow, "", { case: "anyRealm", value: false })], foreignCaller)).toBe(false);
  });
});
