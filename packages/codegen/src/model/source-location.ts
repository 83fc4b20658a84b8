import type { DescMessage, DescMethod, DescService } from "@bufbuild/protobuf";
import { fileOf, sourceInfo } from "./source-info.js";

/** `<file>:<line>:<col>` of a service, method or top-level message (just `<file>` without source info). */
export function sourceLocation(desc: DescService | DescMethod | DescMessage): string {
  const [line, column] = sourceInfo(desc)?.span ?? [];
  const where = line === undefined || column === undefined ? "" : `:${line + 1}:${column + 1}`;
  return `${fileOf(desc).proto.name}${where}`;
}
