import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema, CodeGeneratorResponseSchema } from "@bufbuild/protobuf/wkt";
import type { CodeGeneratorRequest } from "@bufbuild/protobuf/wkt";
import { CliError } from "../cli-error.js";
import type { GeneratedOutput } from "./run-plugin.js";

/** ts-proto options: `<file>_pb.ts` like protoc-gen-es, ESM imports, messages only. */
export const TS_PROTO_PARAMETER = "fileSuffix=_pb,importSuffix=.js,esModuleInterop=true,outputServices=false";

const require = createRequire(import.meta.url);

/** Runs ts-proto's protoc plugin on `request` (its generator is only published as a plugin binary). */
export function runTsProto(request: CodeGeneratorRequest): Promise<GeneratedOutput[]> {
  const plugin = join(dirname(require.resolve("ts-proto/package.json")), "build", "src", "plugin.js");
  const input = toBinary(CodeGeneratorRequestSchema, { ...request, parameter: TS_PROTO_PARAMETER });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [plugin], { stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (cause) => reject(new CliError(`Cannot run ts-proto: ${cause.message}`)));
    child.on("close", (code) => {
      if (code !== 0) return reject(new CliError(`ts-proto failed:\n${Buffer.concat(err).toString("utf8").trim()}`));
      const response = fromBinary(CodeGeneratorResponseSchema, Buffer.concat(out));
      if (response.error !== undefined && response.error !== "") return reject(new CliError(`ts-proto: ${response.error}`));
      resolve(response.file.map((file) => ({ name: file.name, content: file.content })));
    });
    child.stdin.end(input);
  });
}
