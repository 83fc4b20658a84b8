import { getExtension, isFieldSet } from "@bufbuild/protobuf";
import type { DescExtension, DescField, DescMessage, Message } from "@bufbuild/protobuf";
import { GeneratorError } from "../generator-error.js";
import { extensionValues, quoteString } from "./option-value.js";

/**
 * `name = value` of every option set on an options message (FileOptions, MethodOptions, ...):
 * its own fields (message fields such as `features` one `features.field_presence = EXPLICIT` per
 * set field), and custom options `(pkg.name) = value` found among `extensions`.
 */
export function optionAssignments(options: Message | undefined, schema: DescMessage, extensions: readonly DescExtension[], where: string): string[] {
  if (options === undefined) return [];
  const out = ownFields(options, schema, "", where);
  const numbers = new Set((options.$unknown ?? []).map((unknown) => unknown.no));
  for (const extension of extensions) {
    if (extension.extendee.typeName !== schema.typeName || !numbers.has(extension.number)) continue;
    for (const text of extensionValues(extension, getExtension(options, extension))) out.push(`(${extension.typeName}) = ${text}`);
  }
  return out;
}

function ownFields(options: Message, schema: DescMessage, prefix: string, where: string): string[] {
  const out: string[] = [];
  for (const field of schema.fields) {
    // Uninterpreted options never survive compilation.
    if (field.name === "uninterpreted_option" || !isFieldSet(options, field)) continue;
    const set = (options as unknown as Record<string, unknown>)[field.localName];
    if (field.fieldKind === "message") out.push(...ownFields(set as Message, field.message, `${prefix}${field.name}.`, where));
    else out.push(`${prefix}${field.name} = ${value(field, set, where)}`);
  }
  return out;
}

function value(field: DescField | DescExtension, value: unknown, where: string): string {
  switch (field.fieldKind) {
    case "scalar":
      return typeof value === "string" ? quoteString(value) : String(value);
    case "enum":
      return field.enum.values.find((v) => v.number === value)?.name ?? String(value);
    default:
      throw new GeneratorError(`${where}: option ${field.name} is a ${field.fieldKind}; only scalar and enum options can be published`);
  }
}
