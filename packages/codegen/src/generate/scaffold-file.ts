import type { DescService } from "@bufbuild/protobuf";
import { serviceNames, serviceView } from "../model/service-view.js";
import { SCAFFOLD_DIR } from "../plugin-options.js";
import { render } from "../render/templates.js";
import { actorFileName } from "./actor-file.js";
import { emitFile } from "./file-context.js";
import type { GenerateContext } from "./file-context.js";

/**
 * `.scaffold/echo_service.ts`: a class implementing the Handler, one TODO per method, for the
 * caller to place next to the output folder; `outputImport` is the import path of that folder.
 */
export function generateScaffoldFile(ctx: GenerateContext, service: DescService, outputImport: string): void {
  const names = serviceNames(service);
  const actor = `./${actorFileName(service).replace(/\.ts$/, ".js")}`;
  const importPath = (fromRoot: string): string => (fromRoot.startsWith("./") ? `${outputImport}/${fromRoot.slice(2)}` : fromRoot);
  const name = `${SCAFFOLD_DIR}${actorFileName(service).replace(/_actor\.ts$/, ".ts")}`;
  emitFile(ctx, { name, source: service.file.proto.name, declared: [names.impl], importPath, generated: false }, ({ imports, rt, refs }) => {
    const handler = imports.use(names.handler, importPath(actor), true);
    return render("scaffold", { ...serviceView(service, ctx.lanes, refs), handler, rt });
  });
}
