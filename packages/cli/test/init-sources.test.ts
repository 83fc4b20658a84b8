import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { actrTypeToString } from "@actr/protocol";
import { loadConfig } from "@actr/runtime";
import { initProject } from "../src/init/init-project.js";
import { ACTR_PACKAGES, packageVersions } from "../src/init/package-versions.js";
import { tarballName } from "../src/init/package-sources.js";

const ACTR_BIN = new URL("../bin/actr.js", import.meta.url).pathname;

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "actr-init-sources-"));
  roots.push(root);
  return root;
}

interface Manifest {
  readonly version: string;
  readonly dependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
  readonly overrides?: Record<string, string>;
  readonly allowScripts: Record<string, boolean>;
}

const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;

describe("actr init: where the packages come from, and the actor type's version", () => {
  it("depends on this release's versions from the registry and approves the install scripts it needs", async () => {
    const dir = join(tempRoot(), "my-echo");
    const result = initProject({ dir });
    const versions = packageVersions();
    const written = manifest(dir);
    expect(written.dependencies["@actr/runtime"]).toBe(versions.actr.runtime);
    expect(written.dependencies["@actr/protocol"]).toBe(versions.actr.protocol);
    expect(written.devDependencies["@actr/cli"]).toBe(versions.actr.cli);
    expect(written.overrides).toBeUndefined();
    expect(written.allowScripts).toEqual({ "@bufbuild/buf": true, "better-sqlite3": true, esbuild: true });

    const config = await loadConfig(join(dir, "Actr.toml"));
    expect(config.actrType).toMatchObject({ manufacturer: "acme", name: "MyEcho", version: "0.1.0" });
    expect(result.actrType).toBe(actrTypeToString(config.actrType));
    expect(result.actrType).toBe("acme+MyEcho+0.1.0");
    expect(written.version).toBe("0.1.0");
  });

  it("--from a folder of tarballs writes file: dependencies and overrides relative to the project", () => {
    const root = tempRoot();
    const packs = join(root, "packs");
    mkdirSync(packs);
    const versions = packageVersions();
    for (const name of ACTR_PACKAGES) writeFileSync(join(packs, tarballName(name, versions.actr[name])), "");
    const dir = join(root, "apps", "my-echo");
    initProject({ dir, from: packs });
    const written = manifest(dir);
    const spec = (name: (typeof ACTR_PACKAGES)[number]): string => `file:../../packs/actr-${name}-${versions.actr[name]}.tgz`;
    expect(written.dependencies["@actr/runtime"]).toBe(spec("runtime"));
    expect(written.dependencies["@actr/protocol"]).toBe(spec("protocol"));
    expect(written.devDependencies["@actr/cli"]).toBe(spec("cli"));
    expect(written.overrides).toEqual(Object.fromEntries(ACTR_PACKAGES.map((name) => [`@actr/${name}`, spec(name)])));
  });

  it("--from names the missing tarballs and writes nothing", () => {
    const root = tempRoot();
    const packs = join(root, "packs");
    mkdirSync(packs);
    const versions = packageVersions();
    writeFileSync(join(packs, tarballName("cli", versions.actr.cli)), "");
    const dir = join(root, "my-echo");
    expect(() => initProject({ dir, from: packs })).toThrow(
      new RegExp(`--from .*packs: missing actr-protocol-${versions.actr.protocol}\\.tgz, actr-codegen-.*\\.tgz, actr-runtime-.*, actr-signaling-.*\\. Pack them there first`),
    );
    expect(() => initProject({ dir, from: join(root, "nowhere") })).toThrow(/--from .*nowhere: no such folder/);
    expect(readdirSync(root)).toEqual(["packs"]);
  });

  it("without a name, fills the current folder and names the project after it", () => {
    const dir = join(tempRoot(), "lab-7");
    mkdirSync(dir);
    const run = spawnSync(process.execPath, [ACTR_BIN, "init"], { cwd: dir, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^actr init: acme\+Lab7\+0\.1\.0 \(echo\), \d+ files in \.\nnext: npm install && npm run gen/);
    expect(readFileSync(join(dir, "Actr.toml"), "utf8")).toContain('[package]\nname = "lab-7"');

    const again = spawnSync(process.execPath, [ACTR_BIN, "init"], { cwd: dir, encoding: "utf8" });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/^actr: .*lab-7 is not empty \(.*\): pass --dir <a new or empty folder>; nothing was written/);
  });
});
