import { existsSync, readFileSync } from "node:fs";
import { stringify } from "smol-toml";
import { ConfigError } from "./config-error.js";
import { parseToml, TableReader } from "./toml-reader.js";
import type { Table } from "./toml-reader.js";

/** Actr.lock.toml: the pinned protos of each dependency, written by `actr install`. */
export interface LockFile {
  readonly version: number;
  readonly generatedAt: string;
  readonly dependencies: readonly LockedDependency[];
}

export interface LockedDependency {
  /** Key in Actr.toml [dependencies], also the folder under protos/remote/. */
  readonly name: string;
  /** `manufacturer+name`. */
  readonly actrType: string;
  /** Name of the fetched service spec: the service's full name, e.g. `acme.v2.UserService`. */
  readonly service?: string | undefined;
  /** `service_semantic:<sha256 hex>`. */
  readonly fingerprint: string;
  readonly files: readonly LockedFile[];
}

export interface LockedFile {
  /** Relative to protos/remote/, e.g. "echo-server/echo.proto". */
  readonly path: string;
  /** `semantic:<sha256 hex>`. */
  readonly fingerprint: string;
}

export const LOCK_FILE_VERSION = 1;

const FIX = "Run `actr install` to rewrite it.";

/** Reads a lock file; undefined when it does not exist. */
export function readLockFile(path: string): LockFile | undefined {
  if (!existsSync(path)) return undefined;
  return parseLockFile(readFileSync(path, "utf8"), path);
}

export function parseLockFile(text: string, source: string): LockFile {
  const doc = parseToml(text, source, FIX);
  const reader = new TableReader(source, FIX);
  reader.keys(doc, "", ["metadata", "dependency"]);
  const metadata = reader.table(doc, "metadata");
  reader.keys(metadata, "metadata", ["version", "generated_at"]);
  const version = reader.integer(metadata, "metadata.version");
  if (version !== LOCK_FILE_VERSION) {
    throw new ConfigError(`${source}: metadata.version is ${version}, this actr reads version ${LOCK_FILE_VERSION}. ${FIX}`);
  }
  const dependencies = reader.tables(doc, "dependency").map((dep, i) => {
    const at = `dependency[${i}]`;
    reader.keys(dep, at, ["name", "actr_type", "service", "fingerprint", "files"]);
    return {
      name: reader.string(dep, `${at}.name`),
      actrType: reader.string(dep, `${at}.actr_type`),
      service: dep.service === undefined ? undefined : reader.string(dep, `${at}.service`),
      fingerprint: fingerprint(reader, dep, `${at}.fingerprint`, "service_semantic:"),
      files: reader.tables(dep, `${at}.files`).map((file, j) => {
        const fileAt = `${at}.files[${j}]`;
        reader.keys(file, fileAt, ["path", "fingerprint"]);
        return {
          path: reader.string(file, `${fileAt}.path`),
          fingerprint: fingerprint(reader, file, `${fileAt}.fingerprint`, "semantic:"),
        };
      }),
    };
  });
  return { version, generatedAt: reader.string(metadata, "metadata.generated_at"), dependencies };
}

export function formatLockFile(lock: LockFile): string {
  const doc = {
    metadata: { version: lock.version, generated_at: lock.generatedAt },
    dependency: lock.dependencies.map((dep) => ({
      name: dep.name,
      actr_type: dep.actrType,
      ...(dep.service === undefined ? {} : { service: dep.service }),
      fingerprint: dep.fingerprint,
      files: dep.files.map((file) => ({ path: file.path, fingerprint: file.fingerprint })),
    })),
  };
  return `# Written by \`actr install\`; do not edit.\n${stringify(doc)}\n`;
}

function fingerprint(reader: TableReader, parent: Table, key: string, prefix: string): string {
  const value = reader.string(parent, key);
  if (!new RegExp(`^${prefix}[0-9a-f]{64}$`).test(value)) {
    throw new ConfigError(`${reader.source}: ${key} must look like "${prefix}<64 hex digits>", found "${value}". ${FIX}`);
  }
  return value;
}
