import { create } from "@bufbuild/protobuf";
import { ActrTypeSchema, type ActrType } from "../gen/actr/identity_pb.js";
import { IdentityFormatError } from "./identity-error.js";

const PART = /^[A-Za-z0-9_-]{1,32}$/;
// Versions may carry semver pre-release and build parts ("1.2.0-rc.1+linux").
const VERSION = /^[A-Za-z0-9._+-]{0,64}$/;

/** Throws unless `value` is a valid manufacturer or name (1..32 letters, digits, `_`, `-`). */
export function assertActrTypePart(value: string, what: "manufacturer" | "name", where: string): void {
  if (!PART.test(value)) {
    throw new IdentityFormatError(
      `Invalid ${what} ${JSON.stringify(value)} in ${where}: use 1 to 32 letters, digits, "_" or "-"`,
    );
  }
}

/** Throws unless `value` is a valid version (up to 64 letters, digits, `.`, `_`, `+`, `-`; may be empty). */
export function assertActrTypeVersion(value: string, where: string): void {
  if (!VERSION.test(value)) {
    throw new IdentityFormatError(
      `Invalid version ${JSON.stringify(value)} in ${where}: use up to 64 letters, digits, ".", "_", "+" or "-"`,
    );
  }
}

/** Builds a validated ActrType. */
export function makeActrType(manufacturer: string, name: string, version = "", where = "ActrType"): ActrType {
  assertActrTypePart(manufacturer, "manufacturer", where);
  assertActrTypePart(name, "name", where);
  assertActrTypeVersion(version, where);
  return create(ActrTypeSchema, { manufacturer, name, version });
}

/**
 * Parses the config form `manufacturer+name` or `manufacturer+name+version`.
 * Everything after the second `+` is the version, so semver build tags survive.
 */
export function parseActrType(text: string): ActrType {
  const first = text.indexOf("+");
  if (first < 0) {
    throw new IdentityFormatError(
      `Invalid actor type ${JSON.stringify(text)}: expected "manufacturer+name" or "manufacturer+name+version"`,
    );
  }
  const second = text.indexOf("+", first + 1);
  const manufacturer = text.slice(0, first);
  const name = second < 0 ? text.slice(first + 1) : text.slice(first + 1, second);
  const version = second < 0 ? "" : text.slice(second + 1);
  return makeActrType(manufacturer, name, version, `actor type ${JSON.stringify(text)}`);
}

/**
 * `manufacturer+name`, plus `+version` when the version is not empty and not left out with
 * `{ version: false }` (the form that names a type across versions).
 */
export function actrTypeToString(type: ActrType, options: { readonly version?: boolean } = {}): string {
  const base = `${type.manufacturer}+${type.name}`;
  return type.version === "" || options.version === false ? base : `${base}+${type.version}`;
}

/** Strict equality: manufacturer, name and version all equal (an empty version equals only an empty one). */
export function actrTypeEquals(a: ActrType, b: ActrType): boolean {
  return a.manufacturer === b.manufacturer && a.name === b.name && a.version === b.version;
}

/**
 * Whether `actual` satisfies the wanted type: manufacturer and name must be equal; the version
 * must be equal only when `wanted` names one (an empty wanted version accepts any version).
 */
export function actrTypeMatches(wanted: ActrType, actual: ActrType): boolean {
  return (
    wanted.manufacturer === actual.manufacturer &&
    wanted.name === actual.name &&
    (wanted.version === "" || wanted.version === actual.version)
  );
}
