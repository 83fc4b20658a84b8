import type { DescMethod, DescService } from "@bufbuild/protobuf";
import { getComments } from "@bufbuild/protoplugin";

/** The leading proto comment of a service or method, or `fallback` when it has none. */
export function protoComment(desc: DescService | DescMethod, fallback: string): string {
  const text = getComments(desc).leading?.trim();
  return text === undefined || text === "" ? fallback : text;
}

/** A JSDoc block of `text`, every line indented by `indent` spaces. */
export function jsDoc(text: string, indent: number): string {
  const pad = " ".repeat(indent);
  const lines = text.replace(/\*\//g, "*\\/").split("\n").map((line) => line.trimEnd());
  if (lines.length === 1) return `${pad}/** ${lines[0]} */`;
  return [`${pad}/**`, ...lines.map((line) => (line === "" ? `${pad} *` : `${pad} * ${line}`)), `${pad} */`].join("\n");
}
