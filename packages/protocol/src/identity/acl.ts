import { AclRule_Permission, type Acl, type AclRule, type ActrId } from "../gen/actr/identity_pb.js";
import { actrTypeMatches } from "./actr-type.js";

function ruleApplies(rule: AclRule, caller: ActrId, ownerRealm: number): boolean {
  if (rule.fromType === undefined || caller.type === undefined || caller.realm === undefined) return false;
  if (!actrTypeMatches(rule.fromType, caller.type)) return false;
  switch (rule.sourceRealm.case) {
    case "anyRealm":
      return rule.sourceRealm.value || caller.realm.realmId === ownerRealm;
    case "realmId":
      return rule.sourceRealm.value === caller.realm.realmId;
    default:
      // No realm rule: only callers of the owner's own realm.
      return caller.realm.realmId === ownerRealm;
  }
}

/**
 * Whether an actor with `acl` in `ownerRealm` lets `caller` see it (in discovery) and call it (at
 * its peer socket). Any matching DENY wins; an
 * ALLOW must match; no ACL, or one without rules, lets everyone in. A rule's empty from_type
 * version matches any caller version.
 */
export function aclAllows(acl: Acl | undefined, caller: ActrId, ownerRealm: number): boolean {
  if (acl === undefined || acl.rules.length === 0) return true;
  const matching = acl.rules.filter((rule) => ruleApplies(rule, caller, ownerRealm));
  return (
    matching.length > 0 && matching.every((rule) => rule.permission === AclRule_Permission.ALLOW)
  );
}
