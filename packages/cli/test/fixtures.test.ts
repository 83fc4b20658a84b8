import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES_DIR, fixtureCases, generateFixture } from "../../../scripts/fixtures-update.js";

const tmp = mkdtempSync(join(tmpdir(), "actr-fixtures-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Files under `dir` (relative paths), skipping `skip` folders at the top. */
function listFiles(dir: string, skip: readonly string[] = []): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (current === dir && skip.includes(entry.name)) continue;
        walk(path);
      } else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

describe.each(fixtureCases())("fixture %s", (name) => {
  it("regenerates byte for byte (npm run fixtures:update rewrites the snapshots)", async () => {
    const root = join(tmp, name);
    await generateFixture(name, root);
    const expectedDir = join(FIXTURES_DIR, name);
    const generated = listFiles(join(root, "expected"));
    expect(generated).toEqual(listFiles(join(expectedDir, "expected")));
    for (const file of generated) {
      expect(readFileSync(join(root, "expected", file), "utf8"), file).toBe(readFileSync(join(expectedDir, "expected", file), "utf8"));
    }
    const scaffolds = readdirSync(root).filter((file) => file.endsWith(".ts"));
    expect(scaffolds).toEqual(readdirSync(expectedDir).filter((file) => file.endsWith(".ts")));
    for (const file of scaffolds) {
      expect(readFileSync(join(root, file), "utf8"), file).toBe(readFileSync(join(expectedDir, file), "utf8"));
    }
  });
});

describe("generated code of every fixture", () => {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const files = fixtureCases().flatMap((name) =>
    listFiles(join(FIXTURES_DIR, name), ["protos"])
      .filter((file) => file.endsWith(".ts"))
      .map((file) => join(FIXTURES_DIR, name, file)),
  );

  it.each([
    ["node16", ["--module", "node16", "--moduleResolution", "node16"]],
    ["bundler", ["--module", "esnext", "--moduleResolution", "bundler"]],
  ])("passes tsc --strict under module resolution %s", (_, flags) => {
    expect(files.length).toBeGreaterThan(10);
    expect(statSync(join(FIXTURES_DIR, "..", "packages", "runtime", "dist", "index.d.ts")).isFile()).toBe(true);
    const result = spawnSync(
      process.execPath,
      [tsc, "--noEmit", "--strict", ...flags, "--target", "es2022", "--skipLibCheck", "--types", "node", ...files],
      { encoding: "utf8" },
    );
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  }, 120_000);
});
