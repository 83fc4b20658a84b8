import { isAbsolute, relative } from "node:path";
import { Command, Option } from "commander";
import { generate } from "../gen/generate.js";
import type { GenerateOptions, GenerateResult } from "../gen/generate.js";
import { watchProtos } from "../gen/watch-protos.js";

interface GenCommandOptions extends GenerateOptions {
  readonly watch: boolean;
}

/** `actr gen`: generate message and actor code from the protos. */
export function genCommand(): Command {
  return new Command("gen")
    .description("generate TypeScript message code, actor code and handler scaffolds from .proto files")
    .option("-i, --input <dir>", "folder of the protos (local/**, remote/<dependency>/**)", "protos")
    .option("-o, --output <dir>", "folder of the generated code, swapped in only when generation succeeds; files of earlier runs stay unless --clean", "generated")
    .option("-l, --language <language>", "target language", "typescript")
    .option("-c, --config <file>", "Actr.toml; Actr.lock.toml is read next to it (default: next to the input folder)")
    .option("--clean", "remove files in the output folder that this run does not generate", false)
    .option("--no-scaffold", "do not write handler scaffolds")
    .option("--overwrite-user-code", "rewrite scaffolds that already exist", false)
    .addOption(new Option("--message-lib <lib>", "message code library").choices(["protobuf-es", "ts-proto"]).default("protobuf-es"))
    .option("-w, --watch", "after generating, generate again whenever a .proto file in the input folder changes (Ctrl-C stops)", false)
    .action(async (options: GenCommandOptions) => {
      if (!options.watch) {
        console.log(summary(await generate(options), options.output));
        return;
      }
      const stop = new AbortController();
      const onSigint = (): void => stop.abort();
      process.once("SIGINT", onSigint);
      console.log(`actr gen: watching ${options.input} (Ctrl-C stops)`);
      try {
        await watchProtos(options, {
          signal: stop.signal,
          onRun: (run) =>
            run.ok ? console.log(summary(run.result, options.output)) : console.error(`actr gen: ${run.error instanceof Error ? run.error.message : String(run.error)}`),
        });
      } finally {
        process.off("SIGINT", onSigint);
      }
    });
}

/** One line per generation: file count, scaffolds written or kept, time. */
function summary(result: GenerateResult, output: string): string {
  const scaffolds = result.scaffolds.filter((scaffold) => scaffold.written).map((scaffold) => displayPath(scaffold.path));
  const kept = result.scaffolds.length - scaffolds.length;
  return (
    `actr gen: ${result.files.length} files in ${output}` +
    (scaffolds.length > 0 ? `, scaffolds ${scaffolds.join(", ")}` : "") +
    (kept > 0 ? ` (${kept} existing scaffold${kept === 1 ? "" : "s"} kept)` : "") +
    ` in ${Math.round(result.elapsedMs)} ms`
  );
}

/** A path relative to the working directory when it lies inside it, else absolute. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}
