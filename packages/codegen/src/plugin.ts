import type { DescFile } from "@bufbuild/protobuf";
import { createEcmaScriptPlugin } from "@bufbuild/protoplugin";
import type { Schema } from "@bufbuild/protoplugin";
import { actorFileName, generateActorFile } from "./generate/actor-file.js";
import { generateClientFile, remoteDependencyOf } from "./generate/client-file.js";
import type { GenerateContext } from "./generate/file-context.js";
import { generateScaffoldFile } from "./generate/scaffold-file.js";
import { GeneratorError } from "./generator-error.js";
import { MethodLanes } from "./model/method-lane.js";
import { parseActrOptions } from "./plugin-options.js";
import type { ActrPluginOptions } from "./plugin-options.js";
import { sourceLocation } from "./model/source-location.js";

/**
 * protoc-gen-actr: for every service, typed actor code next to the message code of protoc-gen-es
 * (or ts-proto). Local services get `<service>_actor.ts`; files under remote/<dependency>/ get
 * `<file>_client.ts`.
 */
export const protocGenActr = createEcmaScriptPlugin<ActrPluginOptions>({
  name: "protoc-gen-actr",
  version: "v0.1.0",
  parseOptions: parseActrOptions,
  generateTs,
});

function generateTs(schema: Schema<ActrPluginOptions>): void {
  const ctx: GenerateContext = { schema, lanes: new MethodLanes(schema.allFiles) };
  checkActorFileNames(schema.files);
  for (const file of schema.files) {
    if (file.services.length === 0) continue;
    const dependency = remoteDependencyOf(file);
    if (dependency !== undefined) {
      generateClientFile(ctx, file, dependency);
      continue;
    }
    for (const service of file.services) {
      generateActorFile(ctx, service);
      if (schema.options.scaffold !== undefined) generateScaffoldFile(ctx, service, schema.options.scaffold);
    }
  }
}

/** Local services share the output root, so two of the same name would overwrite each other. */
function checkActorFileNames(files: readonly DescFile[]): void {
  const seen = new Map<string, string>();
  for (const file of files) {
    if (remoteDependencyOf(file) !== undefined) continue;
    for (const service of file.services) {
      const name = actorFileName(service);
      const other = seen.get(name);
      if (other !== undefined) {
        throw new GeneratorError(
          `${sourceLocation(service)}: service ${service.typeName} would generate ${name}, like ${other}; rename one of them`,
        );
      }
      seen.set(name, `${service.typeName} (${sourceLocation(service)})`);
    }
  }
}
