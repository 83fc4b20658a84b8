import { createHash } from "node:crypto";
import { clone, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import type { DescriptorProto, EnumDescriptorProto, FileDescriptorProto } from "@bufbuild/protobuf/wkt";

const SEMANTIC = "semantic:";
const SERVICE_SEMANTIC = "service_semantic:";

/**
 * `semantic:<sha256 hex>` of a proto file: the hash of its canonical descriptor, so comments,
 * whitespace, declaration order and the file's own path do not change it (the same proto is
 * stored under different paths by the exporting actor and by `actr install`).
 */
export function semanticFingerprint(file: FileDescriptorProto): string {
  // Source info is most of a descriptor; leave it out before copying rather than after.
  const canonical = clone(FileDescriptorProtoSchema, { ...file, name: "", sourceCodeInfo: undefined });
  canonical.dependency.sort();
  // Indices into `dependency` would be stale after sorting; they only matter for codegen.
  canonical.publicDependency = [];
  canonical.weakDependency = [];
  canonical.messageType.forEach(canonicalMessage);
  canonical.messageType.sort(byName);
  canonical.enumType.forEach(canonicalEnum);
  canonical.enumType.sort(byName);
  canonical.extension.forEach((field) => (field.jsonName = ""));
  canonical.extension.sort(byName);
  for (const service of canonical.service) service.method.sort(byName);
  canonical.service.sort(byName);
  return SEMANTIC + sha256(toBinary(FileDescriptorProtoSchema, canonical));
}

/** One exported file as it takes part in a service fingerprint. */
export interface FingerprintedFile {
  /** `<package>.proto` (the file name without a package), as `actr install` stores it. */
  readonly path: string;
  /** The file's `semantic:` fingerprint. */
  readonly fingerprint: string;
}

/** `service_semantic:<sha256 hex>` over the sorted `<path>:<fingerprint>` lines of the files. */
export function serviceSemanticFingerprint(files: readonly FingerprintedFile[]): string {
  const lines = files.map((file) => `${file.path}:${file.fingerprint}`).sort();
  return SERVICE_SEMANTIC + sha256(new TextEncoder().encode(lines.join("\n")));
}

/** The name `actr install` gives an exported file: `<package>.proto`, or its own base name. */
export function exportedProtoPath(file: Pick<FileDescriptorProto, "name" | "package">): string {
  if (file.package !== "") return `${file.package}.proto`;
  const slash = file.name.lastIndexOf("/");
  return file.name.slice(slash + 1);
}

function canonicalMessage(message: DescriptorProto): void {
  // Oneof declarations stay in place: fields refer to them by index.
  for (const field of message.field) field.jsonName = "";
  message.field.sort(byName);
  for (const field of message.extension) field.jsonName = "";
  message.extension.sort(byName);
  message.nestedType.forEach(canonicalMessage);
  message.nestedType.sort(byName);
  message.enumType.forEach(canonicalEnum);
  message.enumType.sort(byName);
  message.reservedName.sort();
}

function canonicalEnum(enumType: EnumDescriptorProto): void {
  enumType.value.sort(byName);
  enumType.reservedName.sort();
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
