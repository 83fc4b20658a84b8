import type { DescFile } from "@bufbuild/protobuf";
import { render } from "../render/templates.js";
import { emitFile } from "./file-context.js";
import type { GenerateContext, OutputFile } from "./file-context.js";
import { exportedProto } from "./service-spec.js";

/**
 * `local/echo_proto.ts`: one proto file as published with the services that use it. Specs import
 * it, so a file shared by many services (one file of a hundred services, or a common import) is
 * printed once.
 */
export function generateProtoFile(ctx: GenerateContext, file: DescFile): void {
  emitFile(ctx, { name: protoFileName(file), source: file.proto.name }, ({ rt, refs }) =>
    render("proto", {
      fileName: file.proto.name,
      decl: refs.marks.mark(refs.file.export("const", protoConstName(file))),
      proto: exportedProto(file, ctx.schema.allFiles),
      rt,
    }),
  );
}

/** A mark of the published `file`, imported into the output file being built. */
export function importProto(out: OutputFile, file: DescFile): string {
  return out.refs.marks.mark(out.refs.file.import(protoConstName(file), `./${protoFileName(file).replace(/\.ts$/, ".js")}`));
}

function protoFileName(file: DescFile): string {
  return `${file.proto.name.replace(/\.proto$/, "")}_proto.ts`;
}

/** `proto_local_acme_v1_inventory` for local/acme/v1/inventory.proto. */
function protoConstName(file: DescFile): string {
  return `proto_${file.proto.name.replace(/\.proto$/, "").replace(/[^A-Za-z0-9]/g, "_")}`;
}
