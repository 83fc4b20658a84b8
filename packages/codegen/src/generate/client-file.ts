import type { DescFile } from "@bufbuild/protobuf";
import { GeneratorError } from "../generator-error.js";
import { serviceView } from "../model/service-view.js";
import type { DependencyInfo } from "../plugin-options.js";
import { render } from "../render/templates.js";
import { emitFile } from "./file-context.js";
import type { GenerateContext } from "./file-context.js";

const REMOTE = "remote/";

/** The dependency folder of a file under remote/<dependency>/, or undefined for local files. */
export function remoteDependencyOf(file: DescFile): string | undefined {
  const parts = file.proto.name.split("/");
  return parts.length >= 3 && parts[0] === REMOTE.slice(0, -1) ? parts[1] : undefined;
}

/** `remote/<dep>/echo_client.ts`: clients and dependency of the services of a remote file. */
export function generateClientFile(ctx: GenerateContext, file: DescFile, dependencyName: string): void {
  const dependency = findDependency(ctx.schema.options.dependencies, file, dependencyName);
  const name = `${file.proto.name.replace(/\.proto$/, "")}_client.ts`;
  emitFile(ctx, { name, source: file.proto.name }, ({ rt, refs }) =>
    render("client", {
      services: file.services.map((service) => serviceView(service, ctx.lanes, refs)),
      dependency,
      rt,
      remote: true,
    }),
  );
}

function findDependency(dependencies: readonly DependencyInfo[], file: DescFile, name: string): DependencyInfo {
  const dependency = dependencies.find((candidate) => candidate.name === name);
  if (dependency === undefined) {
    throw new GeneratorError(
      `${file.proto.name}: dependency "${name}" has no entry in Actr.lock.toml; ` +
        `add it to [dependencies] in Actr.toml and run \`actr install\``,
    );
  }
  return dependency;
}
