import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import type { FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { CliError } from "../cli-error.js";
import { bufBinary } from "./buf-binary.js";
import { findProtos } from "./find-protos.js";
import { runProcess } from "./run-process.js";

/**
 * The actr protocol protos, so that user protos can `import "actr/options.proto"`: the package's
 * proto/ folder, copied from the repository's by the build; src/ and dist/ sit at the same depth.
 */
export const ACTR_PROTO_DIR = fileURLToPath(new URL("../../proto/", import.meta.url));

export interface CompileOptions {
  /** Folder of the .proto files; their names are relative to it. */
  readonly input: string;
  /** More folders that imports may resolve against (default: the actr protocol protos). */
  readonly includes?: readonly string[];
}

export interface CompiledProtos {
  /** Every file, dependencies before their dependents (google/protobuf/* included). */
  readonly files: readonly FileDescriptorProto[];
  /** Names of the files found in the input folder, e.g. `local/echo.proto`. */
  readonly inputFiles: readonly string[];
}

const INPUT_MODULE = "input";

/**
 * Compiles the protos of `input` with the buf binary from npm (no system protoc). Errors name the
 * user's file as `<input>/<file>:<line>:<col>`.
 */
export async function compileProtos(options: CompileOptions): Promise<CompiledProtos> {
  const inputFiles = findProtos(options.input);
  const input = resolve(options.input);
  const includes = (options.includes ?? [ACTR_PROTO_DIR]).map((dir) => resolve(dir)).filter((dir) => dir !== input);
  // A buf workspace of symlinks: the input is the module built, includes resolve its imports.
  const workspace = mkdtempSync(join(tmpdir(), "actr-buf-"));
  try {
    const modules = [INPUT_MODULE, ...includes.map((_, i) => `include${i}`)];
    symlinkSync(input, join(workspace, INPUT_MODULE), "junction");
    includes.forEach((dir, i) => symlinkSync(dir, join(workspace, `include${i}`), "junction"));
    writeFileSync(join(workspace, "buf.yaml"), `version: v2\nmodules:\n${modules.map((m) => `  - path: ${m}\n`).join("")}`);
    const bytes = await runBuf(["build", INPUT_MODULE, "--as-file-descriptor-set", "-o", "-#format=binpb"], workspace, options.input);
    return { files: fromBinary(FileDescriptorSetSchema, bytes).file, inputFiles };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

async function runBuf(args: readonly string[], cwd: string, displayInput: string): Promise<Uint8Array> {
  const result = await runProcess(bufBinary(), args, { cwd }).catch((cause: Error) => {
    throw new CliError(`Cannot run buf: ${cause.message}`);
  });
  if (result.code === 0) return result.stdout;
  const message = rewriteBufErrors(result.stderr.toString("utf8"), displayInput).replace(MISSING_IMPORT, (line, file: string, row: string) =>
    line.replace(MISSING_IMPORT_TEXT, `imported file ${importAt(file, Number(row))}does not exist`),
  );
  throw new CliError(`Cannot compile the protos in ${displayInput}:\n${message}`);
}

// buf says which line imports a missing file, not which file: the import statement names it.
const MISSING_IMPORT = /^ {2}(.+\.proto):(\d+):\d+:imported file does not exist$/gm;
const MISSING_IMPORT_TEXT = "imported file does not exist";

/** `"local/missing.proto" ` from the import statement on line `row` of `file`, or "" if unreadable. */
function importAt(file: string, row: number): string {
  try {
    const quoted = /import\s+(?:public\s+|weak\s+|option\s+)?("[^"]+")/.exec(readFileSync(file, "utf8").split("\n")[row - 1] ?? "");
    return quoted?.[1] === undefined ? "" : `${quoted[1]} `;
  } catch {
    return "";
  }
}

/** buf names files by workspace module (`input/local/echo.proto:3:8:...`); name the user's paths instead. */
function rewriteBufErrors(stderr: string, displayInput: string): string {
  const prefix = displayInput.replace(/[\\/]+$/, "");
  return stderr
    .trim()
    .split("\n")
    .map((line) =>
      line
        .replace(/^Failure: /, "")
        .replace(new RegExp(`(^|[\\s"])${INPUT_MODULE}/`, "g"), `$1${prefix}/`)
        // "already defined at local/a.proto:3:9" names the other file relative to the module.
        .replace(/( at )([\w./-]+\.proto:\d+:\d+)/g, `$1${prefix}/$2`),
    )
    .map((line) => `  ${line}`)
    .join("\n");
}
