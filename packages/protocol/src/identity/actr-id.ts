import { create } from "@bufbuild/protobuf";
import { ActrIdSchema, RealmSchema, type ActrId, type ActrType } from "../gen/actr/identity_pb.js";
import { actrTypeEquals, makeActrType } from "./actr-type.js";
import { IdentityFormatError } from "./identity-error.js";

const MAX_U32 = 0xffff_ffff;
const ID_FORM = "<serial hex>@<realm_id>/<manufacturer>:<name>:<version>";

/** Builds an ActrId from its parts. */
export function makeActrId(realmId: number, serialNumber: bigint, type: ActrType): ActrId {
  return create(ActrIdSchema, { realm: create(RealmSchema, { realmId }), serialNumber, type });
}

/** Throws unless the (possibly decoded) ActrId has its realm and type. */
export function assertActrIdComplete(id: ActrId, where: string): asserts id is ActrId & {
  realm: NonNullable<ActrId["realm"]>;
  type: NonNullable<ActrId["type"]>;
} {
  if (id.realm === undefined) throw new IdentityFormatError(`ActrId in ${where} has no realm`);
  if (id.type === undefined) throw new IdentityFormatError(`ActrId in ${where} has no type`);
}

/** `<serial hex>@<realm_id>/<manufacturer>:<name>:<version>` (lowercase hex, no leading zeros). */
export function actrIdToString(id: ActrId): string {
  assertActrIdComplete(id, "actrIdToString");
  const { manufacturer, name, version } = id.type;
  return `${id.serialNumber.toString(16)}@${id.realm.realmId}/${manufacturer}:${name}:${version}`;
}

/**
 * The string form of an id for log and error messages; never throws, since ids from peers may be
 * missing or incomplete.
 */
export function describeActrId(id: ActrId | undefined): string {
  if (id === undefined) return "no actor id";
  try {
    return actrIdToString(id);
  } catch {
    return "an actor with an incomplete ActrId";
  }
}

/** Parses the string form of an ActrId; throws IdentityFormatError naming the bad part. */
export function parseActrId(text: string): ActrId {
  const fail = (why: string): never => {
    throw new IdentityFormatError(`Invalid actor id ${JSON.stringify(text)}: ${why} (expected ${ID_FORM})`);
  };
  const at = text.indexOf("@");
  const slash = text.indexOf("/", at + 1);
  if (at < 0 || slash < 0) return fail('missing "@" or "/"');
  const serialText = text.slice(0, at);
  const realmText = text.slice(at + 1, slash);
  const typeParts = text.slice(slash + 1).split(":");
  if (!/^[0-9a-fA-F]{1,16}$/.test(serialText)) return fail("serial is not 1 to 16 hex digits");
  if (!/^[0-9]{1,10}$/.test(realmText) || Number(realmText) > MAX_U32) return fail("realm_id is not a uint32");
  if (typeParts.length !== 3) return fail("type is not manufacturer:name:version");
  const [manufacturer = "", name = "", version = ""] = typeParts;
  const type = makeActrType(manufacturer, name, version, `actor id ${JSON.stringify(text)}`);
  return makeActrId(Number(realmText), BigInt(`0x${serialText}`), type);
}

/** Same realm, serial and type (including version). */
export function actrIdEquals(a: ActrId, b: ActrId): boolean {
  return (
    a.serialNumber === b.serialNumber &&
    a.realm !== undefined &&
    b.realm !== undefined &&
    a.realm.realmId === b.realm.realmId &&
    a.type !== undefined &&
    b.type !== undefined &&
    actrTypeEquals(a.type, b.type)
  );
}
