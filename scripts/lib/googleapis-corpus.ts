// The googleapis protos of google-proto-files as an `actr gen` input, for the corpus test and the gen bench.
import { cpSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const GOOGLE_PROTO_FILES = dirname(createRequire(import.meta.url).resolve("google-proto-files/package.json"));
/** Every tree of google-proto-files; buf provides google/protobuf (the well-known types) itself. */
export const WHOLE_TREE = ["google", "grafeas"] as const;
const PROVIDED = join(GOOGLE_PROTO_FILES, "google", "protobuf");

export interface CorpusCounts {
  readonly files: number;
  readonly services: number;
  readonly rpcs: number;
  /** Rpcs with a streaming request or response, among `rpcs`. */
  readonly streaming: number;
}

/** Copies `trees` (folders of google-proto-files) into `input`, ready for `actr gen`. */
export function prepareCorpus(input: string, trees: readonly string[] = WHOLE_TREE): CorpusCounts {
  for (const tree of trees) {
    cpSync(join(GOOGLE_PROTO_FILES, tree), join(input, tree), { recursive: true, filter: (source) => !source.startsWith(PROVIDED) });
  }
  let streaming = 0;
  let files = 0;
  let services = 0;
  let rpcs = 0;
  for (const path of protoFiles(input)) {
    const text = readFileSync(path, "utf8");
    files++;
    services += text.match(/^\s*service\s+\w+/gm)?.length ?? 0;
    rpcs += text.match(/^\s*rpc\s+\w+/gm)?.length ?? 0;
    streaming += text.match(/^\s*rpc\s+\w+\s*\(\s*stream\s|^\s*rpc\s+\w+\s*\([^)]*\)\s*returns\s*\(\s*stream\s/gm)?.length ?? 0;
  }
  return { files, services, rpcs, streaming };
}

function protoFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".proto"))
    .map((entry) => join(entry.parentPath, entry.name));
}
