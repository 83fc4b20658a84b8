import type { DescMethod, DescService } from "@bufbuild/protobuf";
import { leadingComment } from "./source-info.js";

/**
 * The leading proto comment of a service or method, or `fallback` when it has none; with
 * `@deprecated` when the proto says `deprecated = true`.
 */
export function protoComment(desc: DescService | DescMethod, fallback: string): string {
  const leading = leadingComment(desc)?.trim();
  const text = leading === undefined || leading === "" ? fallback : leading;
  return desc.deprecated ? `${text}\n\n${DEPRECATED}` : text;
}

export const DEPRECATED = "@deprecated";

/** What a one-line JSDoc indented by `indent` ends with: a `@deprecated` line if `desc` is deprecated. */
export function deprecatedTag(desc: DescService | DescMethod, indent: number): string {
  const pad = " ".repeat(indent);
  return desc.deprecated ? `\n${pad} * ${DEPRECATED}\n${pad}` : "";
}

/** A JSDoc block of `text`, every line indented by `indent` spaces. */
export function jsDoc(text: string, indent: number): string {
  const pad = " ".repeat(indent);
  const lines = text.replace(/\*\//g, "*\\/").split("\n").map((line) => line.trimEnd());
  if (lines.length === 1) return `${pad}/** ${lines[0]} */`;
  return [`${pad}/**`, ...lines.map((line) => (line === "" ? `${pad} *` : `${pad} * ${line}`)), `${pad} */`].join("\n");
}
