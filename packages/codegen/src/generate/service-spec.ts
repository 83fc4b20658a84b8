import type { DescExtension, DescFile, DescMessage, DescService } from "@bufbuild/protobuf";
import { exportedProtoPath, semanticFingerprint, serviceSemanticFingerprint } from "../fingerprint.js";
import { printProto } from "../proto-text/print-proto.js";

/** The ExportedService of a local service, named by the service's full name (`acme.v1.UserService`). */
export interface SpecView {
  readonly name: string;
  readonly fingerprint: string;
  /** The files published with the service: its own and the user files it imports. */
  readonly files: readonly DescFile[];
}

/** One published proto file, ready for the proto template. */
export interface ExportedProtoView {
  readonly package: string;
  readonly fingerprint: string;
  readonly content: string;
}

// Protos every actr toolchain provides itself, so they are never published with a service.
const PROVIDED = ["google/protobuf/", "actr/"];

// Files are shared by many services (imports), so each is fingerprinted once.
const fingerprints = new WeakMap<DescFile, string>();

function fingerprintOf(file: DescFile): string {
  let found = fingerprints.get(file);
  if (found === undefined) {
    found = semanticFingerprint(file.proto);
    fingerprints.set(file, found);
  }
  return found;
}

export function serviceSpec(service: DescService): SpecView {
  const files = exportedFiles(service.file);
  const fingerprint = serviceSemanticFingerprint(files.map((file) => ({ path: exportedProtoPath(file.proto), fingerprint: fingerprintOf(file) })));
  return { name: service.typeName, fingerprint, files };
}

/** `allFiles`: every file of the request, for the custom options the protos use. */
export function exportedProto(file: DescFile, allFiles: readonly DescFile[]): ExportedProtoView {
  return { package: file.proto.package, fingerprint: fingerprintOf(file), content: templateLiteral(printProto(file, allExtensions(allFiles))) };
}

/** The service's file and the user files it imports, transitively, in a stable order. */
function exportedFiles(root: DescFile): DescFile[] {
  const seen = new Map<string, DescFile>();
  const visit = (file: DescFile): void => {
    if (seen.has(file.name) || PROVIDED.some((prefix) => file.proto.name.startsWith(prefix))) return;
    seen.set(file.name, file);
    file.dependencies.forEach(visit);
  };
  visit(root);
  return [...seen.values()];
}

const extensionsOf = new WeakMap<readonly DescFile[], readonly DescExtension[]>();

function allExtensions(files: readonly DescFile[]): readonly DescExtension[] {
  let found = extensionsOf.get(files);
  if (found === undefined) {
    const nested = (message: DescMessage): DescExtension[] => [...message.nestedExtensions, ...message.nestedMessages.flatMap(nested)];
    found = files.flatMap((file) => [...file.extensions, ...file.messages.flatMap(nested)]);
    extensionsOf.set(files, found);
  }
  return found;
}

/** `text` as a TypeScript template literal, so that the proto stays readable in generated code. */
function templateLiteral(text: string): string {
  return "`" + text.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${") + "`";
}
