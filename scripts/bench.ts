// npm run bench [name...]: runs every benchmark in scripts/bench/ (or the named ones) in one process
// run, each printing its figures next to a baseline measured in the same run.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const dir = join(import.meta.dirname, "bench");
const wanted = new Set(process.argv.slice(2));
const names = readdirSync(dir)
  .filter((file) => file.endsWith(".ts"))
  .map((file) => file.slice(0, -3))
  .filter((name) => wanted.size === 0 || wanted.has(name))
  .sort();

for (const name of names) {
  console.log(`\n== ${name}`);
  const bench = (await import(pathToFileURL(join(dir, `${name}.ts`)).href)) as { default: () => Promise<void> };
  await bench.default();
}
