import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DescFile, DescService } from "@bufbuild/protobuf";
import { exportedProtoPath, semanticFingerprint, serviceSemanticFingerprint } from "../fingerprint.js";
import { GeneratorError } from "../generator-error.js";

/** The ExportedService of a local service, ready for the actor template. */
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

export function serviceSpec(service: DescService, protoRoot: string | undefined): SpecView {
  const files = exportedFiles(service.file);
  const protos = files.map((file) => {
    let proto = exported.get(file);
    if (proto === undefined) {
      proto = { package: file.proto.package, fingerprint: semanticFingerprint(file.proto), content: templateLiteral(readSource(file, protoRoot)) };
      exported.set(file, proto);
    }
    return proto;
  });
  const fingerprint = serviceSemanticFingerprint(
    files.map((file, i) => ({ path: exportedProtoPath(file.proto), fingerprint: (protos[i] as ExportedProtoView).fingerprint })),
  );
  return { name: service.file.proto.package || service.name, fingerprint, protos };
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

function readSource(file: DescFile, protoRoot: string | undefined): string {
  const path = join(protoRoot ?? ".", file.proto.name);
  try {
    return readFileSync(path, "utf8");
  } catch (cause) {
    throw new GeneratorError(
      `${file.proto.name}: cannot read ${path} to publish it with the service spec ` +
        `(${cause instanceof Error ? cause.message : String(cause)}); pass the plugin option proto_root=<folder of the protos>`,
    );
  }
}

/** `text` as a TypeScript template literal, so that the proto stays readable in generated code. */
function templateLiteral(text: string): string {
  return "`" + text.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${") + "`";
}
