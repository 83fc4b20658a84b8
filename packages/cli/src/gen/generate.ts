import { existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { formatDependencyOption, protocGenActr, SCAFFOLD_DIR } from "@actr/codegen";
import type { MessageLib } from "@actr/codegen";
import { create } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema } from "@bufbuild/protobuf/wkt";
import type { CodeGeneratorRequest } from "@bufbuild/protobuf/wkt";
import { protocGenEs } from "@bufbuild/protoc-gen-es/dist/cjs/src/protoc-gen-es-plugin.js";
import { CliError } from "../cli-error.js";
import { compileProtos } from "./compile-protos.js";
import type { CompiledProtos } from "./compile-protos.js";
import { replaceFolder, writeFile } from "./output-folder.js";
import { lockedDependencies } from "./remote-dependencies.js";
import { runPlugin } from "./run-plugin.js";
import type { GeneratedOutput } from "./run-plugin.js";
import { runTsProto } from "./ts-proto.js";

export interface GenerateOptions {
  /** Folder of the protos: local/** and remote/<dependency>/**. */
  readonly input: string;
  /** Folder of the generated code; swapped in only when generation succeeds, earlier files kept unless `clean`. */
  readonly output: string;
  /** Only "typescript". */
  readonly language?: string;
  /** Actr.toml; Actr.lock.toml is read next to it. Default: Actr.toml next to the input folder. */
  readonly config?: string;
  /** Remove files in the output folder that are not generated again. */
  readonly clean?: boolean;
  /** Write scaffolds of the handlers next to the output folder (default true). */
  readonly scaffold?: boolean;
  /** Rewrite scaffolds that already exist. */
  readonly overwriteUserCode?: boolean;
  readonly messageLib?: MessageLib;
}

export interface GenerateResult {
  /** Files written into the output folder, relative to it. */
  readonly files: readonly string[];
  /** Scaffold paths, and whether each was written (false: it existed and was kept). */
  readonly scaffolds: readonly { readonly path: string; readonly written: boolean }[];
  readonly elapsedMs: number;
}

const WELL_KNOWN = "google/protobuf/";
/** The actr protocol protos; their protobuf-es code ships in @actr/protocol. */
const ACTR_PROTOS = "actr/";
// User protos that import actr/options.proto get their imports from @actr/protocol, so a project
// holds one copy of the wire messages.
const ES_PARAMETER = `target=ts,import_extension=js,rewrite_imports=./${ACTR_PROTOS}**/*_pb.js:@actr/protocol`;
/** ts-proto writes the actr protos' messages into the output folder like any other file. */
const TS_PROTO_IMPORTS = "target=ts,import_extension=js";

/** `actr gen`: protos in, message code + actor code + scaffolds out; on any error nothing is written. */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const language = options.language ?? "typescript";
  if (language !== "typescript") {
    throw new CliError(`Unsupported --language "${language}": this actr generates typescript only`);
  }
  const messageLib = options.messageLib ?? "protobuf-es";
  const configPath = options.config ?? join(dirname(resolve(options.input)), "Actr.toml");
  if (options.config !== undefined && !existsSync(options.config)) {
    throw new CliError(`Config file ${options.config} does not exist; pass --config <path of Actr.toml>`);
  }
  const compiled = await compileProtos({ input: options.input });
  const dependencies = lockedDependencies(compiled.inputFiles, join(dirname(configPath), "Actr.lock.toml"), options.input);
  const scaffold = options.scaffold ?? true;
  // protoc-gen-actr imports message types as protoc-gen-es does, so it takes the same options.
  const parameter = [
    messageLib === "ts-proto" ? TS_PROTO_IMPORTS : ES_PARAMETER,
    `message_lib=${messageLib}`,
    `scaffold=${String(scaffold)}`,
    ...dependencies.map(formatDependencyOption),
  ].join(",");

  const messages =
    messageLib === "ts-proto"
      ? await runTsProto(request(compiled, ""))
      : runPlugin(protocGenEs, request(compiled, ES_PARAMETER, [ACTR_PROTOS]), options.input);
  const actors = runPlugin(protocGenActr, request(compiled, parameter), options.input);
  const generated = [...messages, ...actors.filter((file) => !file.name.startsWith(SCAFFOLD_DIR))];
  const scaffolds = actors.filter((file) => file.name.startsWith(SCAFFOLD_DIR));

  replaceFolder(options.output, generated, options.clean ?? false);
  return {
    files: generated.map((file) => file.name).sort(),
    scaffolds: writeScaffolds(scaffolds, resolve(options.output), options.overwriteUserCode ?? false),
    elapsedMs: performance.now() - started,
  };
}

/** Generates the input files and what they import, except well-known types and `provided` prefixes. */
function request(compiled: CompiledProtos, parameter: string, provided: readonly string[] = []): CodeGeneratorRequest {
  const skipped = [WELL_KNOWN, ...provided];
  const fileToGenerate = compiled.files
    .map((file) => file.name)
    .filter((name) => compiled.inputFiles.includes(name) || !skipped.some((prefix) => name.startsWith(prefix)));
  return create(CodeGeneratorRequestSchema, { fileToGenerate, parameter, protoFile: [...compiled.files] });
}

/**
 * Scaffolds go next to the output folder. They were generated as files of `<output>/.scaffold/`,
 * one level down: from their place next to it, `../x` is `./<output folder>/x`.
 */
function writeScaffolds(files: readonly GeneratedOutput[], output: string, overwrite: boolean): GenerateResult["scaffolds"] {
  const outputImport = `./${basename(output)}/`;
  return files.map((file) => {
    const path = join(dirname(output), file.name.slice(SCAFFOLD_DIR.length));
    const written = overwrite || !existsSync(path);
    if (written) writeFile(path, file.content.replace(/^(import .* from ")\.\.\//gm, `$1${outputImport}`));
    return { path, written };
  });
}
