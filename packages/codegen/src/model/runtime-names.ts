import type { ImportSet } from "./import-set.js";

const RUNTIME = "@actr/runtime";
const PROTOBUF = "@bufbuild/protobuf";

const VALUES = ["Dest", "NotImplementedError", "PayloadType", "UnknownRouteError", "esCodec", "handleUnary", "tsProtoCodec"] as const;
const TYPES = ["CallOptions", "Caller", "Context", "Dispatcher", "ExportedService", "TellOptions", "Workload"] as const;

/** Local names of the runtime symbols a generated file may use (aliased if a proto name takes them). */
export type RuntimeNames = Record<(typeof VALUES)[number] | (typeof TYPES)[number] | "MessageInitShape", string>;

export function runtimeNames(imports: ImportSet): RuntimeNames {
  const names: Partial<RuntimeNames> = {};
  for (const name of VALUES) names[name] = imports.use(name, RUNTIME, false);
  for (const name of TYPES) names[name] = imports.use(name, RUNTIME, true);
  names.MessageInitShape = imports.use("MessageInitShape", PROTOBUF, true);
  return names as RuntimeNames;
}
