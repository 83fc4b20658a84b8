import type { DescMessage } from "@bufbuild/protobuf";
import type { GeneratedFile } from "@bufbuild/protoplugin";
import type { MessageLib } from "../plugin-options.js";
import type { Marks } from "../render/marks.js";
import type { RuntimeNames } from "./runtime-names.js";

/** How generated code names one message type (each name a mark that protoplugin imports). */
export interface MessageRef {
  /** The message type, e.g. `EchoRequest`. */
  readonly type: string;
  /** What callers may pass, and handlers return, instead of a full message. */
  readonly init: string;
  /** The value ts-proto generates for the message (its functions); unused with protobuf-es. */
  readonly fns: string;
}

export interface MessageRefContext {
  readonly lib: MessageLib;
  readonly file: GeneratedFile;
  readonly marks: Marks;
  readonly rt: RuntimeNames;
}

export function messageRef(desc: DescMessage, ctx: MessageRefContext): MessageRef {
  return ctx.lib === "ts-proto" ? tsProtoRef(desc, ctx) : esRef(desc, ctx);
}

function esRef(desc: DescMessage, { file, marks, rt }: MessageRefContext): MessageRef {
  const type = marks.mark(file.importShape(desc));
  return { type, init: `${rt.MessageInitShape}<typeof ${marks.mark(file.importSchema(desc, true))}>`, fns: "" };
}

// ts-proto exports one name per message (interface and functions), nested names joined by "_",
// from `<proto path>_pb.ts` (option fileSuffix=_pb), well-known types included.
function tsProtoRef(desc: DescMessage, { file, marks }: MessageRefContext): MessageRef {
  const prefix = desc.file.proto.package === "" ? "" : `${desc.file.proto.package}.`;
  const exported = desc.typeName.slice(prefix.length).replace(/\./g, "_");
  const from = `./${desc.file.proto.name.replace(/\.proto$/, "")}_pb.js`;
  const type = marks.mark(file.import(exported, from, true));
  return { type, init: `Partial<${type}>`, fns: marks.mark(file.import(exported, from)) };
}
