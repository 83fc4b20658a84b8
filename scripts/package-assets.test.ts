import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyPackageAssets, PACKAGE_ASSETS, stalePackageAssets } from "./package-assets.js";

const ROOT = join(import.meta.dirname, "..");

describe("package assets", () => {
  const scratch = mkdtempSync(join(tmpdir(), "actr-assets-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("the packages hold fresh copies of templates/ and proto/ (run `npm run build` after editing them)", () => {
    expect(stalePackageAssets()).toEqual([]);
  });

  it("notices a changed, a new and a deleted source file, and a copy refreshes them", () => {
    for (const folder of ["templates", "proto", "LICENSE"]) cpSync(join(ROOT, folder), join(scratch, folder), { recursive: true });
    copyPackageAssets(scratch);
    expect(stalePackageAssets(scratch)).toEqual([]);

    writeFileSync(join(scratch, "templates/actor.ts.hbs"), "changed");
    writeFileSync(join(scratch, "proto/actr/new.proto"), 'syntax = "proto3";');
    rmSync(join(scratch, "templates/init/common/Actr.toml.hbs"));
    writeFileSync(join(scratch, "LICENSE"), "changed");
    expect(stalePackageAssets(scratch)).toEqual([
      "packages/cli/LICENSE",
      "packages/cli/proto/actr/new.proto",
      "packages/cli/templates/init/common/Actr.toml.hbs",
      "packages/codegen/LICENSE",
      "packages/codegen/templates/actor.ts.hbs",
      "packages/protocol/LICENSE",
      "packages/runtime/LICENSE",
      "packages/signaling/LICENSE",
    ]);
    copyPackageAssets(scratch);
    expect(stalePackageAssets(scratch)).toEqual([]);
  });

  it("copies no build configuration, no template twice, and the LICENSE into every package", () => {
    copyPackageAssets(scratch);
    const targets = PACKAGE_ASSETS.map((asset) => asset.to);
    expect(new Set(targets).size).toBe(targets.length);
    expect(targets.filter((target) => target.endsWith("/LICENSE"))).toHaveLength(5);
    expect(PACKAGE_ASSETS[0]?.include("init/common/Actr.toml.hbs")).toBe(false);
    expect(PACKAGE_ASSETS[2]?.include("buf.gen.yaml")).toBe(false);
  });
});
