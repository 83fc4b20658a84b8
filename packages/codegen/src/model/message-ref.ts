import type { DescMessage } from "@bufbuild/protobuf";
import type { GeneratedFile } from "@bufbuild/protoplugin";
import type { MessageLib } from "../plugin-options.js";
import type { ImportSet } from "./import-set.js";
import type { RuntimeNames } from "./runtime-names.js";

/** How generated code names one message type. */
export interface MessageRef {
  /** The message type, e.g. `EchoRequest`. */
  readonly type: string;
  /** What callers may pass instead of a full message. */
  readonly init: string;
  /** An expression for its MessageCodec. */
  readonly codec: string;
}

export interface MessageRefContext {
  readonly lib: MessageLib;
  readonly file: GeneratedFile;
  /** Turns an import path relative to the output root (`./local/echo_pb.js`) into one for this file. */
  readonly importPath: (fromRoot: string) => string;
  readonly imports: ImportSet;
  readonly rt: RuntimeNames;
}

export function messageRef(desc: DescMessage, ctx: MessageRefContext): MessageRef {
  return ctx.lib === "ts-proto" ? tsProtoRef(desc, ctx) : esRef(desc, ctx);
}

function esRef(desc: DescMessage, { file, importPath, imports, rt }: MessageRefContext): MessageRef {
  const schema = file.importSchema(desc);
  const shape = file.importShape(desc);
  const schemaName = imports.use(schema.name, importPath(schema.from), false);
  const shapeName = imports.use(shape.name, importPath(shape.from), true);
  return {
    type: shapeName,
    init: `${rt.MessageInitShape}<typeof ${schemaName}>`,
    codec: `${rt.esCodec}(${schemaName})`,
  };
}

// ts-proto exports one name per message (interface and functions), nested names joined by "_",
// from `<proto path>_pb.ts` (option fileSuffix=_pb), well-known types included.
function tsProtoRef(desc: DescMessage, { importPath, imports, rt }: MessageRefContext): MessageRef {
  const prefix = desc.file.proto.package === "" ? "" : `${desc.file.proto.package}.`;
  const exported = desc.typeName.slice(prefix.length).replace(/\./g, "_");
  const from = `./${desc.file.proto.name.replace(/\.proto$/, "")}_pb.js`;
  const name = imports.use(exported, importPath(from), false);
  return {
    type: name,
    init: `Partial<${name}>`,
    codec: `${rt.tsProtoCodec}("${desc.typeName}", ${name})`,
  };
}
