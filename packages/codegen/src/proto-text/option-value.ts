import { ScalarType } from "@bufbuild/protobuf";
import type { DescEnum, DescExtension, DescField, DescMessage, Message } from "@bufbuild/protobuf";
import { isReflectMessage, reflect } from "@bufbuild/protobuf/reflect";
import type { ReflectList, ReflectMap, ReflectMessage } from "@bufbuild/protobuf/reflect";

/**
 * The values of a custom option as they are written after `=`: one per element of a repeated
 * option (each becomes its own `option (x) = ...;`), messages in text format (`{ get: "/v1" }`).
 */
export function extensionValues(extension: DescExtension, value: unknown): string[] {
  switch (extension.fieldKind) {
    case "list":
      return (value as unknown[]).map((item) => element(extension.listKind, extension, item));
    case "message":
      return [messageText(reflect(extension.message, value as Message))];
    case "enum":
      return [enumName(extension.enum, value)];
    case "scalar":
      return [scalarText(extension.scalar, value)];
    default:
      return [];
  }
}

/** A quoted .proto string literal: printable ASCII as is, everything else octal-escaped. */
export function quoteBytes(bytes: Uint8Array): string {
  const escaped = [...bytes]
    .map((byte) => {
      if (byte === 0x5c) return "\\\\";
      if (byte === 0x22) return '\\"';
      return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\${byte.toString(8).padStart(3, "0")}`;
    })
    .join("");
  return `"${escaped}"`;
}

export function quoteString(value: string): string {
  return quoteBytes(new TextEncoder().encode(value));
}

function messageText(message: ReflectMessage): string {
  const parts: string[] = [];
  for (const field of message.fields) {
    if (message.isSet(field)) parts.push(`${field.name}: ${fieldText(field, message.get(field))}`);
  }
  return parts.length === 0 ? "{}" : `{ ${parts.join(" ")} }`;
}

function fieldText(field: DescField, value: unknown): string {
  switch (field.fieldKind) {
    case "list":
      return `[${[...(value as ReflectList)].map((item) => element(field.listKind, field, item)).join(", ")}]`;
    case "map":
      return `[${[...(value as ReflectMap)]
        .map(([key, entry]) => `{ key: ${scalarText(field.mapKey, key)} value: ${element(field.mapKind, field, entry)} }`)
        .join(", ")}]`;
    case "message":
      return messageText(value as ReflectMessage);
    case "enum":
      return enumName(field.enum, value);
    case "scalar":
      return scalarText(field.scalar, value);
  }
}

type Kind = "scalar" | "enum" | "message";
type Typed = { readonly scalar?: ScalarType | undefined; readonly enum?: DescEnum | undefined; readonly message?: DescMessage | undefined };

function element(kind: Kind, field: Typed, value: unknown): string {
  if (kind === "message") return messageText(isReflectMessage(value) ? value : reflect(field.message as DescMessage, value as Message));
  if (kind === "enum") return enumName(field.enum as DescEnum, value);
  return scalarText(field.scalar as ScalarType, value);
}

function enumName(enumeration: DescEnum, value: unknown): string {
  return enumeration.values.find((candidate) => candidate.number === value)?.name ?? String(value);
}

function scalarText(scalar: ScalarType, value: unknown): string {
  if (scalar === ScalarType.STRING) return quoteString(String(value));
  if (scalar === ScalarType.BYTES) return quoteBytes(value as Uint8Array);
  if (typeof value === "number" && !Number.isFinite(value)) return Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
  return String(value);
}
