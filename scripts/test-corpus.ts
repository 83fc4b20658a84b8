// npm run test:corpus: `actr gen` over the whole googleapis tree of google-proto-files (google/**
// and grafeas/**; streaming rpcs included), then strict tsc on the generated code under
// module resolution node16 and bundler. Prints the files, services and rpcs generated and the time of each step; exits 1 when
// generation or type checking fails.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { generate } from "@actr/cli";
import { prepareCorpus } from "./lib/googleapis-corpus.js";

const ROOT = join(import.meta.dirname, "..");
const TSC = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const RESOLUTIONS: Record<string, Record<string, string>> = {
  node16: { module: "node16", moduleResolution: "node16" },
  bundler: { module: "esnext", moduleResolution: "bundler" },
};

async function main(): Promise<void> {
  // Inside the repository, so that generated code resolves @actr/runtime and @bufbuild/protobuf.
  mkdirSync(join(ROOT, "node_modules", ".cache"), { recursive: true });
  const dir = mkdtempSync(join(ROOT, "node_modules", ".cache", "actr-corpus-"));
  const started = performance.now();
  let failed = false;
  try {
    const input = join(dir, "protos");
    const output = join(dir, "generated");
    const corpus = step("prepare input", () => prepareCorpus(input));
    console.log(`input: ${corpus.files} protos, ${corpus.services} services, ${corpus.rpcs} rpcs (${corpus.streaming} of them streaming)`);

    const result = await stepAsync("actr gen", () => generate({ input, output, clean: true, scaffold: false }));
    const actors = result.files.filter((file) => file.endsWith("_actor.ts")).length;
    console.log(`generated: ${result.files.length} files, ${actors} actor files for ${corpus.services} services and ${corpus.rpcs} rpcs`);
    if (actors !== corpus.services) {
      console.error(`test:corpus: ${corpus.services} services but ${actors} actor files`);
      failed = true;
    }

    // Both resolutions at once: each tsc is one process on one core.
    const checks = await stepAsync("tsc --strict (node16 and bundler, in parallel)", () =>
      Promise.all(Object.entries(RESOLUTIONS).map(async ([name, flags]) => ({ name, errors: await typecheck(output, flags) }))),
    );
    for (const { name, errors } of checks) {
      if (errors === "") continue;
      console.error(`test:corpus: tsc (${name}) failed:\n${errors.split("\n").slice(0, 40).join("\n")}`);
      failed = true;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`total: ${seconds(performance.now() - started)}${failed ? " (FAILED)" : ""}`);
  if (failed) process.exitCode = 1;
}

/** Strict tsc over every generated file; resolves to its output (empty when it passes). */
function typecheck(output: string, flags: Record<string, string>): Promise<string> {
  const config = join(output, `tsconfig.${flags.moduleResolution}.json`);
  const compilerOptions = { ...flags, strict: true, noEmit: true, target: "es2022", skipLibCheck: true, types: [] };
  writeFileSync(config, JSON.stringify({ compilerOptions, include: ["**/*.ts"] }));
  const child = spawn(process.execPath, ["--max-old-space-size=6144", TSC, "-p", config], { stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code === 0 ? "" : text.trim() || `exit code ${String(code)}`));
  });
}

function step<T>(name: string, run: () => T): T {
  const started = performance.now();
  const result = run();
  console.log(`${name}: ${seconds(performance.now() - started)}`);
  return result;
}

async function stepAsync<T>(name: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  console.log(`${name}: ${seconds(performance.now() - started)}`);
  return result;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

await main();
