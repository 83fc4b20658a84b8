import type { Schema } from "@bufbuild/protoplugin";
import type { ActrPluginOptions } from "../plugin-options.js";
import type { MessageRefContext } from "../model/message-ref.js";
import type { MethodLanes } from "../model/method-lane.js";
import { runtimeNames } from "../model/runtime-names.js";
import type { RuntimeNames } from "../model/runtime-names.js";
import { Marks } from "../render/marks.js";

/** What every generator of one output file shares. */
export interface GenerateContext {
  readonly schema: Schema<ActrPluginOptions>;
  readonly lanes: MethodLanes;
  /** Output file -> the proto it comes from, for the "DO NOT EDIT" header of generated (not scaffold) files. */
  readonly sources: Map<string, string>;
}

/** One output file being built: the runtime names and message references, as marks. */
export interface OutputFile {
  readonly rt: RuntimeNames;
  readonly refs: MessageRefContext;
}

export interface EmitOptions {
  /** Output path, relative to the output root. */
  readonly name: string;
  /** The proto file it comes from. */
  readonly source: string;
  /** False for user code (scaffolds): no "DO NOT EDIT" header. */
  readonly generated?: boolean;
}

/**
 * Generates one file: `build` renders its text with marks for imports and exports, and protoplugin
 * prints it with the import statements it needs (paths, aliases and rewrites as for protoc-gen-es).
 */
export function emitFile(ctx: GenerateContext, options: EmitOptions, build: (out: OutputFile) => string): void {
  const file = ctx.schema.generateFile(options.name);
  const marks = new Marks();
  const rt = runtimeNames(file, options.name, marks);
  const text = build({ rt, refs: { lib: ctx.schema.options.messageLib, file, marks, rt } }).trimEnd();
  file.print(...marks.resolve(text));
  if (options.generated ?? true) ctx.sources.set(options.name, options.source);
}
