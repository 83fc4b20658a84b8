import type { GeneratedFile } from "@bufbuild/protoplugin";
import type { Marks } from "../render/marks.js";

const RUNTIME = "@actr/runtime";
const PROTOBUF = "@bufbuild/protobuf";

const VALUES = ["Dest", "NotImplementedError", "PayloadType", "ServiceDispatcher", "ServiceWorkload", "tsProtoMethod"] as const;
const TYPES = ["CallOptions", "Caller", "Context", "ExportedService", "TellOptions"] as const;

/** Marks of the runtime symbols a template may name; protoplugin imports the ones it prints. */
export type RuntimeNames = Record<(typeof VALUES)[number] | (typeof TYPES)[number] | "MessageInitShape", string>;

export function runtimeNames(file: GeneratedFile, marks: Marks): RuntimeNames {
  const names: Partial<RuntimeNames> = {};
  for (const name of VALUES) names[name] = marks.mark(file.import(name, RUNTIME));
  for (const name of TYPES) names[name] = marks.mark(file.import(name, RUNTIME, true));
  names.MessageInitShape = marks.mark(file.import("MessageInitShape", PROTOBUF, true));
  return names as RuntimeNames;
}
