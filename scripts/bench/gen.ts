// actr gen (buf build + protoc-gen-es + protoc-gen-actr, in-process) against `buf generate` with
// protoc-gen-es alone, on the same copy of the googleapis protos of google-proto-files.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { bufBinary, generate } from "@actr/cli";

const require = createRequire(import.meta.url);
const GOOGLEAPIS = dirname(require.resolve("google-proto-files/package.json"));
// Three google/cloud APIs and what they import (~450 files); google/protobuf comes with buf.
const TREES = ["google/api", "google/cloud/bigquery", "google/cloud/dialogflow", "google/cloud/retail", "google/iam", "google/logging", "google/longrunning", "google/rpc", "google/type"];
const PROTOC_GEN_ES = require.resolve("@bufbuild/protoc-gen-es/bin/protoc-gen-es");

export default async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "actr-bench-gen-"));
  try {
    const input = join(dir, "protos");
    const files = prepareInput(input);
    console.log(`input: ${files} protos (${TREES.join(", ")})`);

    const rounds = 2;
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

/**
 * Copies the trees, streaming rpcs as shipped; local service names must be unique (one
 * `<service>_actor.ts` each), so repeated service names get a suffix.
 */
function prepareInput(input: string): number {
  for (const tree of TREES) cpSync(join(GOOGLEAPIS, tree), join(input, tree), { recursive: true });
  const seen = new Map<string, number>();
  let count = 0;
  for (const entry of readdirSync(input, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".proto")) continue;
    count++;
    const path = join(entry.parentPath, entry.name);
    const text = readFileSync(path, "utf8")
      .replace(/^service\s+(\w+)/gm, (_, name: string) => {
        const key = name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
        const n = (seen.get(key) ?? 0) + 1;
        seen.set(key, n);
        return n === 1 ? `service ${name}` : `service ${name}${n}`;
      });
    writeFileSync(path, text);
  }
  return count;
}

// strategy "all": one plugin run, as actr gen does (buf's default spawns one per directory).
function bufGenerateEs(dir: string, input: string): void {
  const template = join(dir, "buf.gen.yaml");
  writeFileSync(
    template,
    `version: v2\nplugins:\n  - local: ["${process.execPath}", "${PROTOC_GEN_ES}"]\n    out: ${join(dir, "out-es")}\n    opt: [target=ts, import_extension=js]\n    strategy: all\n`,
  );
  rmSync(join(dir, "out-es"), { recursive: true, force: true });
  const result = spawnSync(bufBinary(), ["generate", input, "--template", template, "--timeout", "10m"], { encoding: "utf8" });
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

