import type { GeneratedFile } from "@bufbuild/protoplugin";
import type { Marks } from "../render/marks.js";

const RUNTIME = "@actr/runtime";
const PROTOBUF = "@bufbuild/protobuf";

const VALUES = ["Dest", "NotImplementedError", "PayloadType", "ServiceDispatcher", "ServiceWorkload", "tsProtoMethod"] as const;
const TYPES = ["CallOptions", "Caller", "Context", "ExportedProto", "ExportedService", "TellOptions"] as const;
/**
 * JavaScript globals the templates name. Printed as symbols of the file itself, they take their
 * names, so protoplugin imports a message or service of the same name under an alias (`Promise$1`).
 */
export const GLOBALS = ["Promise"] as const;

/** Marks of the runtime symbols and globals a template may name; protoplugin imports the ones it prints. */
export type RuntimeNames = Record<(typeof VALUES)[number] | (typeof TYPES)[number] | (typeof GLOBALS)[number] | "MessageInitShape", string>;

/** `path`: the file's path in the output, as given to `generateFile`. */
export function runtimeNames(file: GeneratedFile, path: string, marks: Marks): RuntimeNames {
  const names: Partial<RuntimeNames> = {};
  // protoplugin knows a file's own symbols by its import path: `./a/b_actor.js` for `a/b_actor.ts`.
  const self = `./${path.replace(/\.ts$/, ".js")}`;
  for (const name of GLOBALS) names[name] = marks.mark(file.import(name, self, true));
  for (const name of VALUES) names[name] = marks.mark(file.import(name, RUNTIME));
  for (const name of TYPES) names[name] = marks.mark(file.import(name, RUNTIME, true));
  names.MessageInitShape = marks.mark(file.import("MessageInitShape", PROTOBUF, true));
  return names as RuntimeNames;
}
