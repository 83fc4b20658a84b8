import type { Schema } from "@bufbuild/protoplugin";
import type { ActrPluginOptions } from "../plugin-options.js";
import { ImportSet } from "../model/import-set.js";
import type { MessageRefContext } from "../model/message-ref.js";
import type { MethodLanes } from "../model/method-lane.js";
import { relativeImport } from "../model/names.js";
import { runtimeNames } from "../model/runtime-names.js";
import type { RuntimeNames } from "../model/runtime-names.js";
import { render } from "../render/templates.js";

/** What every generator of one output file shares. */
export interface GenerateContext {
  readonly schema: Schema<ActrPluginOptions>;
  readonly lanes: MethodLanes;
}

/** One output file being built: its imports, the runtime names and message references. */
export interface OutputFile {
  readonly imports: ImportSet;
  readonly rt: RuntimeNames;
  readonly refs: MessageRefContext;
}

export interface EmitOptions {
  /** Output path, relative to the output root. */
  readonly name: string;
  /** The proto file it comes from. */
  readonly source: string;
  /** Top-level names the file declares; imports that would collide get aliases. */
  readonly declared: Iterable<string>;
  /** Maps an import path relative to the output root to one for this file (default: relative to `name`). */
  readonly importPath?: (fromRoot: string) => string;
  /** False for user code (scaffolds): no "DO NOT EDIT" header. */
  readonly generated?: boolean;
}

/** Generates one file: `build` returns the body, and the imports it uses are added above it. */
export function emitFile(ctx: GenerateContext, options: EmitOptions, build: (out: OutputFile) => string): void {
  const { name, source, declared, generated = true } = options;
  const importPath = options.importPath ?? ((fromRoot: string) => relativeImport(name, fromRoot));
  const file = ctx.schema.generateFile(name);
  const imports = new ImportSet(declared);
  const rt = runtimeNames(imports);
  const body = build({ imports, rt, refs: { lib: ctx.schema.options.messageLib, file, importPath, imports, rt } }).trimEnd();
  file.print(render("file", { generated, source, imports: imports.statements(body), body }).trimEnd());
}
