import { GeneratorError } from "@actr/codegen";
import type { protocGenActr } from "@actr/codegen";
import type { CodeGeneratorRequest } from "@bufbuild/protobuf/wkt";
import { CliError } from "../cli-error.js";

/** A file produced by a plugin, named relative to the output folder. */
export interface GeneratedOutput {
  readonly name: string;
  readonly content: string;
}

/** A protoc plugin object, as @bufbuild/protoplugin creates them. */
type Plugin = Pick<typeof protocGenActr, "name" | "run">;

/** Runs a protoc plugin in-process; bad input becomes a CliError whose paths name `inputDir`. */
export function runPlugin(plugin: Plugin, request: CodeGeneratorRequest, inputDir: string): GeneratedOutput[] {
  let response;
  try {
    response = plugin.run(request);
  } catch (cause) {
    if (cause instanceof GeneratorError) throw new CliError(prefixPath(cause.message, inputDir));
    throw cause;
  }
  if (response.error !== undefined && response.error !== "") {
    throw new CliError(`${plugin.name}: ${prefixPath(response.error, inputDir)}`);
  }
  return response.file.map((file) => ({ name: file.name, content: file.content }));
}

/** `local/echo.proto:3:5: ...` -> `protos/local/echo.proto:3:5: ...` */
function prefixPath(message: string, inputDir: string): string {
  return message.replace(/^([\w./-]+\.proto)(?=[:\s])/, `${inputDir.replace(/[\\/]+$/, "")}/$1`);
}
