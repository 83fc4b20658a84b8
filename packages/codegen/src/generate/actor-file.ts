import type { DescService } from "@bufbuild/protobuf";
import { serviceView } from "../model/service-view.js";
import { snakeCase } from "../model/names.js";
import { render } from "../render/templates.js";
import { emitFile } from "./file-context.js";
import type { GenerateContext } from "./file-context.js";
import { importProto } from "./proto-file.js";
import { serviceSpec } from "./service-spec.js";

/**
 * `acme/v1/user_service_actor.ts`: the output file of a local service, in the folder of its package
 * (as protoc-gen-es places files by path), so same-named services of different packages coexist.
 */
export function actorFileName(service: DescService): string {
  const pkg = service.file.proto.package;
  return `${pkg === "" ? "" : `${pkg.replace(/\./g, "/")}/`}${snakeCase(service.name)}_actor.ts`;
}

/** Spec, Handler, Dispatcher, Workload and Client of a service this actor implements. */
export function generateActorFile(ctx: GenerateContext, service: DescService): void {
  emitFile(ctx, { name: actorFileName(service), source: service.file.proto.name }, (out) => {
    const spec = serviceSpec(service, ctx.schema.allFiles);
    return render("actor", {
      ...serviceView(service, ctx.lanes, out.refs),
      spec: { ...spec, protos: spec.files.map((file) => importProto(out, file)) },
      rt: out.rt,
      remote: false,
    });
  });
}
