import { ScalarType, isFieldSet } from "@bufbuild/protobuf";
import type { DescExtension, DescField } from "@bufbuild/protobuf";
import { protoCamelCase } from "@bufbuild/protobuf/reflect";
import { FieldDescriptorProtoSchema, FieldDescriptorProto_Label, FieldDescriptorProto_Type, FieldOptionsSchema } from "@bufbuild/protobuf/wkt";
import { optionAssignments } from "./option-lines.js";
import { quoteString } from "./option-value.js";

/** `repeated string tags = 3 [deprecated = true]` of a field or extension, as it is written in a .proto file. */
export function fieldDeclaration(field: DescField | DescExtension, extensions: readonly DescExtension[], where: string): string {
  const { proto } = field;
  const parts: string[] = [];
  if (field.fieldKind === "map") {
    const value = field.mapKind === "scalar" ? ScalarType[field.scalar].toLowerCase() : field.mapKind === "enum" ? field.enum.typeName : field.message.typeName;
    parts.push(`map<${ScalarType[field.mapKey].toLowerCase()}, ${value}>`);
  } else {
    if (proto.label === FieldDescriptorProto_Label.REPEATED) parts.push("repeated");
    else if (proto.label === FieldDescriptorProto_Label.REQUIRED) parts.push("required");
    else if (proto.proto3Optional || (isProto2(field) && field.oneof === undefined)) parts.push("optional");
    parts.push(typeOf(field));
  }
  parts.push(field.name, "=", String(field.number));
  const options = optionAssignments(proto.options, FieldOptionsSchema, extensions, where);
  if (isFieldSet(proto, FieldDescriptorProtoSchema.field.defaultValue)) options.push(`default = ${defaultValue(proto.type, proto.defaultValue)}`);
  if (field.kind === "field" && proto.jsonName !== "" && proto.jsonName !== protoCamelCase(field.name)) options.push(`json_name = ${JSON.stringify(proto.jsonName)}`);
  if (options.length > 0) parts.push(`[${options.join(", ")}]`);
  return parts.join(" ");
}

function isProto2(field: DescField | DescExtension): boolean {
  const file = field.kind === "extension" ? field.file : field.parent.file;
  return file.proto.syntax === "proto2" || file.proto.syntax === "";
}

function typeOf(field: DescField | DescExtension): string {
  const type = field.proto.type;
  if (type === FieldDescriptorProto_Type.MESSAGE || type === FieldDescriptorProto_Type.ENUM) return field.proto.typeName.replace(/^\./, "");
  return FieldDescriptorProto_Type[type].toLowerCase();
}

// Descriptors keep a string default as is and a bytes default C-escaped, so only strings need escaping.
function defaultValue(type: FieldDescriptorProto_Type, value: string): string {
  if (type === FieldDescriptorProto_Type.BYTES) return `"${value}"`;
  if (type !== FieldDescriptorProto_Type.STRING) return value;
  return quoteString(value);
}
