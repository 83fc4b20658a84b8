import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema, CodeGeneratorResponseSchema } from "@bufbuild/protobuf/wkt";
import type { CodeGeneratorRequest, CodeGeneratorResponse } from "@bufbuild/protobuf/wkt";
import { CliError } from "../cli-error.js";
import type { GeneratedOutput } from "./run-plugin.js";
import { runProcess } from "./run-process.js";

/** ts-proto options: `<file>_pb.ts` like protoc-gen-es, ESM imports, messages only. */
const TS_PROTO_PARAMETER = "fileSuffix=_pb,importSuffix=.js,esModuleInterop=true,outputServices=false";

const require = createRequire(import.meta.url);

/** Reads the plugin's stdout; a crashed or mismatched plugin writes something else. */
export function decodePluginResponse(bytes: Uint8Array): CodeGeneratorResponse {
  try {
    return fromBinary(CodeGeneratorResponseSchema, bytes);
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new CliError(`ts-proto wrote ${bytes.length} bytes that are not a CodeGeneratorResponse (${why}); reinstall ts-proto`);
  }
}

/** Runs ts-proto's protoc plugin on `request` (its generator is only published as a plugin binary). */
export async function runTsProto(request: CodeGeneratorRequest): Promise<GeneratedOutput[]> {
  const plugin = join(dirname(require.resolve("ts-proto/package.json")), "build", "src", "plugin.js");
  const stdin = toBinary(CodeGeneratorRequestSchema, { ...request, parameter: TS_PROTO_PARAMETER });
  const result = await runProcess(process.execPath, [plugin], { stdin }).catch((cause: Error) => {
    throw new CliError(`Cannot run ts-proto: ${cause.message}`);
  });
  if (result.code !== 0) throw new CliError(`ts-proto failed:\n${result.stderr.toString("utf8").trim()}`);
  const response = decodePluginResponse(result.stdout);
  if (response.error !== undefined && response.error !== "") throw new CliError(`ts-proto: ${response.error}`);
  return response.file.map((file) => ({ name: file.name, content: file.content }));
}
