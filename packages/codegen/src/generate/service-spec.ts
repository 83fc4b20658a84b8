import type { DescExtension, DescFile, DescMessage, DescService } from "@bufbuild/protobuf";
import { installedProtoPath, semanticFingerprint, serviceSemanticFingerprint } from "../fingerprint.js";
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

function isProvided(name: string): boolean {
  return PROVIDED.some((prefix) => name.startsWith(prefix));
}

/**
 * The user files of one generation run as they are published: their text, the name each is
 * imported and installed by (`installedProtoPath`), and their fingerprints. A package with more
 * files than one has them imported by their distinct names.
 */
class PublishedFiles {
  private readonly extensions: readonly DescExtension[];
  private readonly byName = new Map<string, DescFile>();
  private readonly filesInPackage = new Map<string, number>();
  private readonly texts = new Map<DescFile, string>();
  private readonly names = new Map<DescFile, string>();
  private readonly fingerprints = new Map<DescFile, string>();

  constructor(allFiles: readonly DescFile[]) {
    const nested = (message: DescMessage): DescExtension[] => [...message.nestedExtensions, ...message.nestedMessages.flatMap(nested)];
    this.extensions = allFiles.flatMap((file) => [...file.extensions, ...file.messages.flatMap(nested)]);
    for (const file of allFiles) {
      this.byName.set(file.proto.name, file);
      if (!isProvided(file.proto.name)) this.filesInPackage.set(file.proto.package, (this.filesInPackage.get(file.proto.package) ?? 0) + 1);
    }
  }

  /** The path an import of the file at `path` is published with. */
  readonly importName = (path: string): string => {
    const file = this.byName.get(path);
    return file === undefined || isProvided(path) ? path : this.nameOf(file);
  };

  /** The name of `file` as another published file imports it. */
  nameOf(file: DescFile): string {
    let name = this.names.get(file);
    if (name === undefined) {
      const pkg = file.proto.package;
      name = this.installedPath(file, (this.filesInPackage.get(pkg) ?? 0) > 1);
      this.names.set(file, name);
    }
    return name;
  }

  /** The name of the service's own file, which no other file of its spec imports. */
  rootName(file: DescFile): string {
    return this.installedPath(file, false);
  }

  private installedPath(file: DescFile, distinct: boolean): string {
    const path = installedProtoPath(file.proto.package, this.fingerprint(file), distinct);
    // Our own fingerprints always have the semantic form.
    if (path === undefined) throw new Error(`${file.proto.name}: no installed name for fingerprint ${this.fingerprint(file)}`);
    return path;
  }

  text(file: DescFile): string {
    let text = this.texts.get(file);
    if (text === undefined) {
      text = printProto(file, this.extensions, this.importName);
      this.texts.set(file, text);
    }
    return text;
  }

  fingerprint(file: DescFile): string {
    let found = this.fingerprints.get(file);
    if (found === undefined) {
      found = semanticFingerprint(file.proto);
      this.fingerprints.set(file, found);
    }
    return found;
  }
}

const published = new WeakMap<readonly DescFile[], PublishedFiles>();

/** `allFiles`: every file of the request, for the custom options and the packages of the protos. */
function publishedFiles(allFiles: readonly DescFile[]): PublishedFiles {
  let found = published.get(allFiles);
  if (found === undefined) {
    found = new PublishedFiles(allFiles);
    published.set(allFiles, found);
  }
  return found;
}

export function serviceSpec(service: DescService, allFiles: readonly DescFile[]): SpecView {
  const files = exportedFiles(service.file);
  const names = publishedFiles(allFiles);
  const path = (file: DescFile): string => (file === service.file ? names.rootName(file) : names.nameOf(file));
  const fingerprint = serviceSemanticFingerprint(files.map((file) => ({ path: path(file), fingerprint: names.fingerprint(file) })));
  return { name: service.typeName, fingerprint, files };
}

export function exportedProto(file: DescFile, allFiles: readonly DescFile[]): ExportedProtoView {
  const names = publishedFiles(allFiles);
  return { package: file.proto.package, fingerprint: names.fingerprint(file), content: templateLiteral(names.text(file)) };
}

/** The service's file and the user files it imports, transitively, in a stable order. */
function exportedFiles(root: DescFile): DescFile[] {
  const seen = new Map<string, DescFile>();
  const visit = (file: DescFile): void => {
    if (seen.has(file.name) || isProvided(file.proto.name)) return;
    seen.set(file.name, file);
    file.dependencies.forEach(visit);
  };
  visit(root);
  return [...seen.values()];
}

/** `text` as a TypeScript template literal, so that the proto stays readable in generated code. */
function templateLiteral(text: string): string {
  return "`" + text.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${") + "`";
}
