import type { DescExtension, DescFile, DescMessage, DescService } from "@bufbuild/protobuf";
import { exportedProtoPath, semanticFingerprint, serviceSemanticFingerprint } from "../fingerprint.js";
import { printProto } from "../proto-text/print-proto.js";

/** The ExportedService of a local service, named by the service's full name (`acme.v1.UserService`), ready for the actor template. */
export interface SpecView {
  readonly name: string;
  readonly fingerprint: string;
  readonly protos: readonly { package: string; fingerprint: string; content: string }[];
}

// Protos every actr toolchain provides itself, so they are never published with a service.
const PROVIDED = ["google/protobuf/", "actr/"];

type ExportedProtoView = SpecView["protos"][number];

// Files are shared by many services (imports), so each is read and fingerprinted once.
const exported = new WeakMap<DescFile, ExportedProtoView>();

/** `allFiles`: every file of the request, for the custom options the protos use. */
export function serviceSpec(service: DescService, allFiles: readonly DescFile[]): SpecView {
  const files = exportedFiles(service.file);
  const protos = files.map((file) => {
    let proto = exported.get(file);
    if (proto === undefined) {
      const content = templateLiteral(printProto(file, allExtensions(allFiles)));
      proto = { package: file.proto.package, fingerprint: semanticFingerprint(file.proto), content };
      exported.set(file, proto);
    }
    return proto;
  });
  const fingerprint = serviceSemanticFingerprint(
    files.map((file, i) => ({ path: exportedProtoPath(file.proto), fingerprint: (protos[i] as ExportedProtoView).fingerprint })),
  );
  return { name: service.typeName, fingerprint, protos };
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
