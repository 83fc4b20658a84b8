// Part of every package's prepack (npm pack, npm publish), run in the package's folder before the
// build: empties the package's build output. tsc -b only writes, never deletes, so a module deleted
// or renamed in src/ would otherwise stay in dist/ and ship; without its tsconfig.tsbuildinfo, tsc
// emits the whole package anew.
import { existsSync, rmSync } from "node:fs";
import { join, relative, sep } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const folder = process.cwd();
const where = relative(ROOT, folder);
if (where.split(sep)[0] !== "packages" || !existsSync(join(folder, "tsconfig.json"))) {
  throw new Error(`clean-dist runs in a package folder (packages/<name>, with a tsconfig.json), not in ${folder}; it is the first step of the package's prepack`);
}
for (const output of ["dist", "tsconfig.tsbuildinfo"]) rmSync(join(folder, output), { recursive: true, force: true });
console.log(`${where}: removed dist/ and tsconfig.tsbuildinfo before the build`);
