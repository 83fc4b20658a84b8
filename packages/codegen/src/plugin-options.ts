import { GeneratorError } from "./generator-error.js";

/** Which library the message code comes from; it decides the codec of each descriptor. */
export type MessageLib = "protobuf-es" | "ts-proto";

/** A dependency from Actr.lock.toml, as remote clients need it for discovery. */
export interface DependencyInfo {
  /** The folder under protos/remote/ and the key in [dependencies]. */
  readonly name: string;
  readonly actrType: string;
  readonly fingerprint: string;
}

/** The options of protoc-gen-actr (`--actr_opt` / `opt:` in buf.gen.yaml). */
export interface ActrPluginOptions {
  readonly messageLib: MessageLib;
  readonly dependencies: readonly DependencyInfo[];
  /** With `scaffold=true`, scaffolds are emitted under `.scaffold/` for the caller to place next to the output folder. */
  readonly scaffold: boolean;
}

export const SCAFFOLD_DIR = ".scaffold/";

const USAGE =
  "known options: message_lib=protobuf-es|ts-proto, " +
  "dependency=<name>:<actr type>:<service_semantic fingerprint>, scaffold=true|false";

export function parseActrOptions(raw: readonly { key: string; value: string }[]): ActrPluginOptions {
  let messageLib: MessageLib = "protobuf-es";
  let scaffold = false;
  const dependencies: DependencyInfo[] = [];
  for (const { key, value } of raw) {
    switch (key) {
      case "message_lib":
        if (value !== "protobuf-es" && value !== "ts-proto") {
          throw new GeneratorError(`protoc-gen-actr: message_lib must be protobuf-es or ts-proto, got "${value}"`);
        }
        messageLib = value;
        break;
      case "scaffold":
        if (value !== "true" && value !== "false") {
          throw new GeneratorError(`protoc-gen-actr: scaffold must be true or false, got "${value}"`);
        }
        scaffold = value === "true";
        break;
      case "dependency":
        dependencies.push(parseDependency(value));
        break;
      default:
        throw new GeneratorError(`protoc-gen-actr: unknown option "${key}"; ${USAGE}`);
    }
  }
  return { messageLib, dependencies, scaffold };
}

/** The plugin parameter that carries a dependency (the inverse of parsing it). */
export function formatDependencyOption(dependency: DependencyInfo): string {
  return `dependency=${dependency.name}:${dependency.actrType}:${dependency.fingerprint}`;
}

function parseDependency(value: string): DependencyInfo {
  // The fingerprint itself holds a colon ("service_semantic:<hex>").
  const [name, actrType, ...fingerprint] = value.split(":");
  if (name === undefined || actrType === undefined || fingerprint.length === 0 || name === "" || actrType === "") {
    throw new GeneratorError(
      `protoc-gen-actr: dependency option "${value}" must look like <name>:<actr type>:<fingerprint>, ` +
        `e.g. echo-server:acme+EchoService:service_semantic:<hex>`,
    );
  }
  return { name, actrType, fingerprint: fingerprint.join(":") };
}
