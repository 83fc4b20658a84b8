import type { DescService } from "@bufbuild/protobuf";
import { serviceView } from "../model/service-view.js";
import { snakeCase } from "../model/names.js";
import { render } from "../render/templates.js";
import { emitFile } from "./file-context.js";
import type { GenerateContext } from "./file-context.js";
import { serviceSpec } from "./service-spec.js";

/** `echo_service_actor.ts`: the output file of a local service. */
export function actorFileName(service: DescService): string {
  return `${snakeCase(service.name)}_actor.ts`;
}

/** Spec, Handler, Dispatcher, Workload and Client of a service this actor implements. */
export function generateActorFile(ctx: GenerateContext, service: DescService): void {
  emitFile(ctx, { name: actorFileName(service), source: service.file.proto.name }, ({ rt, refs }) =>
    render("actor", {
      ...serviceView(service, ctx.lanes, refs),
      spec: serviceSpec(service, ctx.schema.allFiles),
      rt,
      remote: false,
    }),
  );
}
