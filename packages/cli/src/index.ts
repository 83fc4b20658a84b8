export { main } from "./main.js";
export { CliError } from "./cli-error.js";
export { generate } from "./gen/generate.js";
export type { GenerateOptions, GenerateResult } from "./gen/generate.js";
export { compileProtos, ACTR_PROTO_DIR } from "./gen/compile-protos.js";
export type { CompileOptions, CompiledProtos } from "./gen/compile-protos.js";
export { bufBinary } from "./gen/buf-binary.js";
