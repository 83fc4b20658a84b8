import { createHash } from "node:crypto";
import { clone, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import type { DescriptorProto, EnumDescriptorProto, FileDescriptorProto } from "@bufbuild/protobuf/wkt";

const SEMANTIC = "semantic:";
const SERVICE_SEMANTIC = "service_semantic:";

/**
 * `semantic:<sha256 hex>` of a proto file: the hash of its canonical descriptor, so comments,
 * whitespace, declaration order and the paths of the file and its imports do not change it (the
 * same proto is stored under different paths by the exporting actor and by `actr install`).
 */
export function semanticFingerprint(file: FileDescriptorProto): string {
  // Source info is most of a descriptor; leave it out before copying rather than after.
  // Imports are left out with the file's own path: references are by full name, so what a file
  // means does not depend on where its imports lie, and `actr install` moves them.
  const canonical = clone(FileDescriptorProtoSchema, { ...file, name: "", dependency: [], publicDependency: [], weakDependency: [], sourceCodeInfo: undefined });
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
  /** The name `actr install` stores the file under (`installedProtoPath`). */
  readonly path: string;
  /** The file's `semantic:` fingerprint. */
  readonly fingerprint: string;
}

/** `service_semantic:<sha256 hex>` over the sorted `<path>:<fingerprint>` lines of the files. */
export function serviceSemanticFingerprint(files: readonly FingerprintedFile[]): string {
  const lines = files.map((file) => `${file.path}:${file.fingerprint}`).sort();
  return SERVICE_SEMANTIC + sha256(new TextEncoder().encode(lines.join("\n")));
}

/**
 * The name `actr install` gives a published file: `<package>.proto`, or with `distinct` (another
 * published file imports it while its package has more files) or without a package, a name with
 * the first 8 hex digits of its `semantic:` fingerprint, `<package>.<hash>.proto` or `<hash>.proto`.
 * The installer receives each file's package and fingerprint and finds such a name in the imports
 * of the others; comments and import paths, which the fingerprint leaves out, do not rename a file.
 * Undefined for a fingerprint of another form, which cannot name a file.
 */
export function installedProtoPath(pkg: string, fingerprint: string, distinct: boolean): string | undefined {
  if (pkg !== "" && !distinct) return `${pkg}.proto`;
  const hash = SEMANTIC_HEX.exec(fingerprint)?.[1];
  if (hash === undefined) return undefined;
  return pkg === "" ? `${hash}.proto` : `${pkg}.${hash}.proto`;
}

const SEMANTIC_HEX = new RegExp(`^${SEMANTIC}([0-9a-f]{8})[0-9a-f]{56}$`);

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
