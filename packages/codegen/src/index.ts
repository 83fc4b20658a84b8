export { protocGenActr } from "./plugin.js";
export { parseActrOptions, formatDependencyOption, SCAFFOLD_DIR } from "./plugin-options.js";
export type { ActrPluginOptions, DependencyInfo, MessageLib } from "./plugin-options.js";
export { GeneratorError } from "./generator-error.js";
export { semanticFingerprint, serviceSemanticFingerprint, installedProtoPath } from "./fingerprint.js";
export type { FingerprintedFile } from "./fingerprint.js";
export { printProto } from "./proto-text/print-proto.js";
