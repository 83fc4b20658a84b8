import type { DescService } from "@bufbuild/protobuf";
import { serviceNames, serviceView } from "../model/service-view.js";
import { SCAFFOLD_DIR } from "../plugin-options.js";
import { render } from "../render/templates.js";
import { actorFileName } from "./actor-file.js";
import { emitFile } from "./file-context.js";
import type { GenerateContext } from "./file-context.js";

/**
 * `.scaffold/echo_service.ts`: a class implementing the Handler, one TODO per method. Its imports
 * are those of a file in the `.scaffold/` folder of the output root; `actr gen` places it next to
 * the output folder and turns their leading `../` into `./<output folder>/`.
 */
export function generateScaffoldFile(ctx: GenerateContext, service: DescService): void {
  const names = serviceNames(service);
  const name = `${SCAFFOLD_DIR}${actorFileName(service).replace(/_actor\.ts$/, ".ts")}`;
  emitFile(ctx, { name, source: service.file.proto.name, generated: false }, ({ rt, refs }) => {
    const handler = refs.marks.mark(refs.file.import(names.handler, `./${actorFileName(service).replace(/\.ts$/, ".js")}`, true));
    return render("scaffold", { ...serviceView(service, ctx.lanes, refs), handler, rt });
  });
}
