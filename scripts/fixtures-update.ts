// npm run fixtures:update: regenerates fixtures/<case>/expected (and the scaffolds next to it)
// from fixtures/<case>/protos. The snapshot test regenerates the same way and compares.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { generate } from "@actr/cli";
import type { GenerateOptions, GenerateResult } from "@actr/cli";

export const FIXTURES_DIR = join(import.meta.dirname, "..", "fixtures");

/** Every folder of fixtures/ with a protos/ folder. */
export function fixtureCases(): string[] {
  return readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(FIXTURES_DIR, entry.name, "protos")))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Generates case `name` into `<root>/expected` (scaffolds in `<root>`), with the options in
 * fixtures/<name>/gen-options.json if present.
 */
export function generateFixture(name: string, root = join(FIXTURES_DIR, name)): Promise<GenerateResult> {
  const dir = join(FIXTURES_DIR, name);
  const optionsFile = join(dir, "gen-options.json");
  const extra = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, "utf8")) as Partial<GenerateOptions>) : {};
  return generate({
    ...extra,
    input: join(dir, "protos"),
    output: join(root, "expected"),
    config: join(dir, "Actr.toml"),
    clean: true,
    overwriteUserCode: true,
  });
}

async function main(): Promise<void> {
  for (const name of fixtureCases()) {
    const result = await generateFixture(name);
    console.log(`${name}: ${result.files.length} files, ${result.scaffolds.length} scaffolds`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
