// npm run bench [name...]: runs every benchmark in scripts/bench/ (or the named ones) in one process
// run, each printing its figures next to a baseline measured in the same run. Each target a bench
// prints is marked met or MISSED and listed again at the end; a missed target is a finding, not a
// failure, so the run exits 0. An unknown name, or a bench that throws, exits 1.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { judgeTarget, markTarget, type TargetLine } from "./lib/bench-targets.js";

const dir = join(import.meta.dirname, "bench");
const available = readdirSync(dir)
  .filter((file) => file.endsWith(".ts"))
  .map((file) => file.slice(0, -3))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`npm run bench: no benchmark named ${unknown.join(", ")}; choose from ${available.join(", ")} (or none for all)`);
  process.exit(1);
}

const targets: { bench: string; target: TargetLine }[] = [];
const failed: string[] = [];
const print = console.log.bind(console);
for (const name of wanted.length === 0 ? available : available.filter((bench) => wanted.includes(bench))) {
  print(`\n== ${name}`);
  // Every line the bench prints passes here, so that its targets are judged where they appear.
  console.log = (...args: unknown[]): void => {
    const text = args.map(String).join(" ");
    const target = judgeTarget(text);
    if (target === undefined) return print(...args);
    targets.push({ bench: name, target });
    print(markTarget(target));
  };
  try {
    const bench = (await import(pathToFileURL(join(dir, `${name}.ts`)).href)) as { default: () => Promise<void> };
    await bench.default();
  } catch (error) {
    failed.push(name);
    console.error(`npm run bench: ${name} failed:`, error);
  } finally {
    console.log = print;
  }
}

const count = (verdict: TargetLine["verdict"]): number => targets.filter(({ target }) => target.verdict === verdict).length;
print(`\n== targets: ${count("met")} met, ${count("missed")} missed${count("not judged") > 0 ? `, ${count("not judged")} not judged` : ""}`);
for (const { bench, target } of targets) print(`${target.verdict.padEnd(10)} ${bench}: ${target.line.trim()}`);
if (failed.length > 0) {
  console.error(`npm run bench: ${failed.join(", ")} failed (see above)`);
  process.exitCode = 1;
}
