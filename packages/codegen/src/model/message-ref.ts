import type { DescMessage } from "@bufbuild/protobuf";
import type { GeneratedFile, ImportSymbol } from "@bufbuild/protoplugin";
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
  const { shape, schema } = esImports(desc, file);
  return { type: marks.mark(shape), init: `${rt.MessageInitShape}<typeof ${marks.mark(schema)}>`, fns: "" };
}

// protoplugin derives a message's names from all the names of its file on every call, so a message
// that many rpcs use (a shared response type) is looked up once: a descriptor belongs to one run.
const esSymbols = new WeakMap<DescMessage, { readonly shape: ImportSymbol; readonly schema: ImportSymbol }>();

function esImports(desc: DescMessage, file: GeneratedFile): { readonly shape: ImportSymbol; readonly schema: ImportSymbol } {
  let found = esSymbols.get(desc);
  if (found === undefined) {
    found = { shape: file.importShape(desc), schema: file.importSchema(desc, true) };
    esSymbols.set(desc, found);
  }
  return found;
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
