// actr gen (buf build + protoc-gen-es + protoc-gen-actr, in-process) against `buf generate` with
// protoc-gen-es alone, on the same copy of the googleapis protos of google-proto-files.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { bufBinary, generate } from "@actr/cli";
import { prepareCorpus } from "../lib/googleapis-corpus.js";

const require = createRequire(import.meta.url);
// Three google/cloud APIs and what they import (~450 files); google/protobuf comes with buf.
const TREES = ["google/api", "google/cloud/bigquery", "google/cloud/dialogflow", "google/cloud/retail", "google/iam", "google/logging", "google/longrunning", "google/rpc", "google/type"];
const PROTOC_GEN_ES = require.resolve("@bufbuild/protoc-gen-es/bin/protoc-gen-es");

export default function bench(): Promise<void> {
  return benchGen(TREES, 2);
}

/** Times both on the protos of `trees` (folders of google-proto-files), the best of `rounds` runs each. */
export async function benchGen(trees: readonly string[], rounds: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "actr-bench-gen-"));
  try {
    const input = join(dir, "protos");
    const corpus = prepareCorpus(input, trees);
    console.log(`input: ${corpus.files} protos, ${corpus.services} services, ${corpus.rpcs} rpcs (${trees.join(", ")}; ${corpus.streaming} of them streaming)`);

    const es: number[] = [];
    const actr: number[] = [];
    for (let round = 0; round < rounds; round++) {
      es.push(time(() => bufGenerateEs(dir, input)));
      const started = performance.now();
      await generate({ input, output: join(dir, "out-actr"), clean: true, scaffold: false });
      actr.push(performance.now() - started);
    }
    const best = (list: number[]): number => Math.min(...list);
    console.log(`buf generate + protoc-gen-es: ${fmt(best(es))} (runs: ${es.map(fmt).join(", ")})`);
    console.log(`actr gen (es + actr):         ${fmt(best(actr))} (runs: ${actr.map(fmt).join(", ")})`);
    console.log(`ratio actr / protoc-gen-es:   ${(best(actr) / best(es)).toFixed(2)}x (target <= 1.30x)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// strategy "all": one plugin run, as actr gen does (buf's default spawns one per directory).
function bufGenerateEs(dir: string, input: string): void {
  const template = join(dir, "buf.gen.yaml");
  writeFileSync(
    template,
    `version: v2\nplugins:\n  - local: ["${process.execPath}", "${PROTOC_GEN_ES}"]\n    out: ${join(dir, "out-es")}\n    opt: [target=ts, import_extension=js]\n    strategy: all\n`,
  );
  rmSync(join(dir, "out-es"), { recursive: true, force: true });
  // The whole googleapis tree takes about 7 minutes idle, and much longer on a busy machine.
  const result = spawnSync(bufBinary(), ["generate", input, "--template", template, "--timeout", "2h"], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`buf generate failed: ${result.stderr}`);
}

function time(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

function fmt(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

