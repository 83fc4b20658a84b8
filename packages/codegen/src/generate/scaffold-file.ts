import type { DescService } from "@bufbuild/protobuf";
import { snakeCase } from "../model/names.js";
import { serviceNames, serviceView } from "../model/service-view.js";
import { SCAFFOLD_DIR } from "../plugin-options.js";
import { render } from "../render/templates.js";
import { actorFileName } from "./actor-file.js";
import { emitFile } from "./file-context.js";
import type { GenerateContext } from "./file-context.js";

/**
 * `.scaffold/echo_service.ts`: a class implementing the Handler, one TODO per method. Its imports
 * are those of a file in the `.scaffold/` folder of the output root; `actr gen` places it next to
 * the output folder and turns their leading `../` into `./<output folder>/`. Scaffolds are user
 * code in one folder: a service whose name other local services share is prefixed by its package
 * (`acme_v1_user_service.ts`).
 */
export function generateScaffoldFile(ctx: GenerateContext, service: DescService, sharedNames: ReadonlySet<string>): void {
  const names = serviceNames(service);
  const base = snakeCase(service.name);
  const pkg = service.file.proto.package;
  const file = sharedNames.has(base) && pkg !== "" ? `${pkg.replace(/\./g, "_")}_${base}` : base;
  const name = `${SCAFFOLD_DIR}${file}.ts`;
  emitFile(ctx, { name, source: service.file.proto.name, generated: false }, ({ rt, refs }) => {
    const handler = refs.marks.mark(refs.file.import(names.handler, `./${actorFileName(service).replace(/\.ts$/, ".js")}`, true));
    return render("scaffold", { ...serviceView(service, ctx.lanes, refs), handler, rt });
  });
}
