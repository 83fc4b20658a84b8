import type { DescEnum, DescExtension, DescFile, DescMessage, DescService } from "@bufbuild/protobuf";
import {
  Edition,
  EnumOptionsSchema,
  FieldDescriptorProto_Type,
  FileOptionsSchema,
  MessageOptionsSchema,
  MethodOptionsSchema,
  ServiceOptionsSchema,
} from "@bufbuild/protobuf/wkt";
import { getDeclarationString, getSyntaxComments } from "@bufbuild/protoplugin";
import { leadingComment, type SourceDesc } from "../model/source-info.js";
import { fieldDeclaration } from "./field-declaration.js";
import { GeneratorError } from "../generator-error.js";
import { optionAssignments } from "./option-lines.js";

// Field numbers end at 2^29 - 1; descriptors keep ranges end-exclusive (messages) or inclusive (enums).
const MAX_FIELD = 536_870_911;
const MAX_ENUM = 2_147_483_647;
const SYNTAX: Readonly<Record<string, string>> = { proto2: "proto2", proto3: "proto3" };
// Editions a .proto file may declare (descriptors name them EDITION_2023, ...).
const EDITION = /^EDITION_(\d{4})$/;

/**
 * The .proto text of a compiled file, from its descriptor alone: what an actor publishes with its
 * service, so `actr install` can compile it again. It compiles to the same descriptor (so to the
 * same semantic fingerprint); comments come from the source info, formatting is canonical.
 * `importName` gives the path each import is written with (the name the imported file is installed under).
 */
export function printProto(file: DescFile, extensions: readonly DescExtension[], importName: (path: string) => string = (path) => path): string {
  const out = new Out(file.proto.name, extensions);
  const syntax = syntaxLine(file);
  const header = getSyntaxComments(file);
  for (const comment of [...header.leadingDetached, ...(header.leading === undefined ? [] : [header.leading])]) out.comment(comment, 0);
  out.line(0, syntax);
  if (file.proto.package !== "") out.blank().line(0, `package ${file.proto.package};`);
  if (file.proto.dependency.length > 0) out.blank();
  file.proto.dependency.forEach((dependency, i) => {
    const kind = file.proto.publicDependency.includes(i) ? "public " : file.proto.weakDependency.includes(i) ? "weak " : "";
    out.line(0, `import ${kind}${JSON.stringify(importName(dependency))};`);
  });
  const options = out.options(file.proto.options, FileOptionsSchema);
  if (options.length > 0) out.blank();
  for (const option of options) out.line(0, `option ${option};`);
  for (const service of file.services) out.blank().service(service);
  for (const message of file.messages) out.blank().message(message, 0);
  for (const enumeration of file.enums) out.blank().enumeration(enumeration, 0);
  for (const block of extendBlocks(file.extensions)) out.blank().extend(block, 0);
  return out.text();
}

/** `syntax = "proto3";` or `edition = "2024";`. */
function syntaxLine(file: DescFile): string {
  if (file.proto.syntax === "editions") {
    const edition = EDITION.exec(Edition[file.edition])?.[1];
    if (edition === undefined) throw new GeneratorError(`${file.proto.name}: edition ${Edition[file.edition]} cannot be published; use edition 2023 or 2024`);
    return `edition = "${edition}";`;
  }
  const syntax = SYNTAX[file.proto.syntax === "" ? "proto2" : file.proto.syntax];
  if (syntax === undefined) throw new GeneratorError(`${file.proto.name}: syntax "${file.proto.syntax}" cannot be published; use proto3 or an edition`);
  return `syntax = "${syntax}";`;
}

class Out {
  readonly #lines: string[] = [];

  constructor(
    private readonly fileName: string,
    private readonly extensions: readonly DescExtension[],
  ) {}

  line(indent: number, text: string): this {
    this.#lines.push(`${"  ".repeat(indent)}${text}`);
    return this;
  }

  blank(): this {
    return this.line(0, "");
  }

  options(options: Parameters<typeof optionAssignments>[0], schema: Parameters<typeof optionAssignments>[1]): string[] {
    return optionAssignments(options, schema, this.extensions, this.fileName);
  }

  /** The leading comment of `desc` (or the given text) as `//` lines. */
  comment(desc: SourceDesc | string, indent: number): void {
    const leading = typeof desc === "string" ? desc : leadingComment(desc);
    if (leading === undefined) return;
    for (const line of leading.replace(/\n$/, "").split("\n")) this.line(indent, `//${line}`);
  }

  service(service: DescService): void {
    this.comment(service, 0);
    this.line(0, `service ${service.name} {`);
    for (const option of this.options(service.proto.options, ServiceOptionsSchema)) this.line(1, `option ${option};`);
    for (const method of service.methods) {
      this.comment(method, 1);
      const input = `${method.proto.clientStreaming ? "stream " : ""}${method.input.typeName}`;
      const output = `${method.proto.serverStreaming ? "stream " : ""}${method.output.typeName}`;
      const head = `rpc ${method.name}(${input}) returns (${output})`;
      const options = this.options(method.proto.options, MethodOptionsSchema);
      if (options.length === 0) {
        this.line(1, `${head};`);
        continue;
      }
      this.line(1, `${head} {`);
      for (const option of options) this.line(2, `option ${option};`);
      this.line(1, "}");
    }
    this.close(0);
  }

  message(message: DescMessage, indent: number): void {
    this.comment(message, indent);
    this.line(indent, `message ${message.name} {`);
    const inner = indent + 1;
    for (const option of this.options(message.proto.options, MessageOptionsSchema)) this.line(inner, `option ${option};`);
    for (const member of message.members) {
      if (member.kind === "oneof") {
        this.comment(member, inner);
        this.line(inner, `oneof ${member.name} {`);
        for (const field of member.fields) this.field(field, inner + 1);
        this.line(inner, "}");
      } else {
        this.field(member, inner);
      }
    }
    for (const nested of message.nestedMessages) if (nested.proto.options?.mapEntry !== true) this.message(nested, inner);
    for (const nested of message.nestedEnums) this.enumeration(nested, inner);
    for (const block of extendBlocks(message.nestedExtensions)) this.extend(block, inner);
    const ranges = (list: readonly { start: number; end: number }[]): string =>
      list.map(({ start, end }) => (end - 1 === start ? `${start}` : `${start} to ${end - 1 >= MAX_FIELD ? "max" : end - 1}`)).join(", ");
    if (message.proto.extensionRange.length > 0) this.line(inner, `extensions ${ranges(message.proto.extensionRange)};`);
    if (message.proto.reservedRange.length > 0) this.line(inner, `reserved ${ranges(message.proto.reservedRange)};`);
    if (message.proto.reservedName.length > 0) this.line(inner, `reserved ${message.proto.reservedName.map((name) => JSON.stringify(name)).join(", ")};`);
    this.close(indent);
  }

  field(field: DescMessage["fields"][number] | DescExtension, indent: number): void {
    if (field.proto.type === FieldDescriptorProto_Type.GROUP) {
      throw new GeneratorError(`${this.fileName}: field ${field.name} is a group; groups cannot be published, use a message field`);
    }
    this.comment(field, indent);
    this.line(indent, `${fieldDeclaration(field, this.extensions, this.fileName)};`);
  }

  enumeration(enumeration: DescEnum, indent: number): void {
    this.comment(enumeration, indent);
    this.line(indent, `enum ${enumeration.name} {`);
    const inner = indent + 1;
    for (const option of this.options(enumeration.proto.options, EnumOptionsSchema)) this.line(inner, `option ${option};`);
    for (const value of enumeration.values) {
      this.comment(value, inner);
      this.line(inner, `${getDeclarationString(value)};`);
    }
    const ranges = enumeration.proto.reservedRange.map(({ start, end }) => (end === start ? `${start}` : `${start} to ${end >= MAX_ENUM ? "max" : end}`));
    if (ranges.length > 0) this.line(inner, `reserved ${ranges.join(", ")};`);
    if (enumeration.proto.reservedName.length > 0) this.line(inner, `reserved ${enumeration.proto.reservedName.map((name) => JSON.stringify(name)).join(", ")};`);
    this.line(indent, "}");
  }

  extend(block: { extendee: string; fields: DescExtension[] }, indent: number): void {
    this.line(indent, `extend ${block.extendee} {`);
    for (const field of block.fields) this.field(field, indent + 1);
    this.line(indent, "}");
  }

  /** `}`, or `{}` on the opening line when the block is empty. */
  close(indent: number): void {
    const last = this.#lines.length - 1;
    if (this.#lines[last]?.endsWith(" {") === true) this.#lines[last] += "}";
    else this.line(indent, "}");
  }

  text(): string {
    return `${this.#lines.join("\n")}\n`;
  }
}

function extendBlocks(extensions: readonly DescExtension[]): { extendee: string; fields: DescExtension[] }[] {
  const blocks = new Map<string, DescExtension[]>();
  for (const extension of extensions) blocks.set(extension.extendee.typeName, [...(blocks.get(extension.extendee.typeName) ?? []), extension]);
  return [...blocks].map(([extendee, fields]) => ({ extendee, fields }));
}
