import { assertActrTypePart, IdentityFormatError } from "@actr/protocol";
import { CliError } from "../cli-error.js";

/** The names a new project is written with, all derived from its name. */
export interface ProjectNames {
  /** `[package] name` of Actr.toml, e.g. "my-echo". */
  readonly name: string;
  /** package.json name: npm allows no capitals. */
  readonly npmName: string;
  readonly manufacturer: string;
  /** Actor type name, e.g. "MyEcho". */
  readonly typeName: string;
  /** Proto package and proto file name, e.g. "my_echo". */
  readonly protoPackage: string;
}

/**
 * Validates `name` and `manufacturer` as actor type parts (1 to 32 letters, digits, `_`, `-`) and
 * derives the other names. The name must also start with a letter, as proto packages do.
 */
export function projectNames(name: string, manufacturer: string): ProjectNames {
  assertPart(manufacturer, "manufacturer", "--manufacturer");
  assertPart(name, "name", "`actr init <name>`");
  if (!/^[A-Za-z]/.test(name)) {
    throw new CliError(`Invalid project name ${JSON.stringify(name)}: start it with a letter, e.g. "my-echo"`);
  }
  const typeName = name
    .split(/[-_]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
  return { name, npmName: name.toLowerCase(), manufacturer, typeName, protoPackage: name.toLowerCase().replace(/-/g, "_") };
}

function assertPart(value: string, what: "manufacturer" | "name", where: string): void {
  try {
    assertActrTypePart(value, what, where);
  } catch (error) {
    if (error instanceof IdentityFormatError) throw new CliError(error.message);
    throw error;
  }
}
