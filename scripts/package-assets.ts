// npm run assets (part of npm run build): copies the files packages read at run time from their one
// source at the repository root into the package that ships them, so that each package is
// self-contained once packed. The copies are build output (git-ignored); a test fails when they are stale.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = join(import.meta.dirname, "..");

/** One copied file or folder: `from` at the root, `to` inside a package, the files of a folder that `include` keeps. */
export interface PackageAsset {
  readonly from: string;
  readonly to: string;
  readonly include: (path: string) => boolean;
}

export const PACKAGE_ASSETS: readonly PackageAsset[] = [
  // Templates of the generated code; templates/init/ belongs to the CLI.
  { from: "templates", to: "packages/codegen/templates", include: (path) => !path.startsWith("init/") },
  { from: "templates/init", to: "packages/cli/templates/init", include: () => true },
  // The actr protos user protos may import (e.g. actr/options.proto); the buf configs stay behind.
  { from: "proto", to: "packages/cli/proto", include: (path) => path.endsWith(".proto") },
  ...["cli", "codegen", "protocol", "runtime", "signaling"].map((name) => ({ from: "LICENSE", to: `packages/${name}/LICENSE`, include: () => true })),
];

/** Replaces every copy with a fresh one. */
export function copyPackageAssets(root = ROOT): void {
  for (const asset of PACKAGE_ASSETS) {
    const target = join(root, asset.to);
    rmSync(target, { recursive: true, force: true });
    for (const path of sourceFiles(root, asset)) cpSync(join(root, asset.from, path), join(target, path));
  }
}

/** Files whose copy is missing, extra or different, as "<package folder>/<path>": empty when fresh. */
export function stalePackageAssets(root = ROOT): string[] {
  const stale: string[] = [];
  for (const asset of PACKAGE_ASSETS) {
    const expected = sourceFiles(root, asset);
    const target = join(root, asset.to);
    const copied = listFiles(target);
    for (const path of new Set([...expected, ...copied])) {
      const source = join(root, asset.from, path);
      const copy = join(target, path);
      const same = expected.includes(path) && copied.includes(path) && readFileSync(source).equals(readFileSync(copy));
      if (!same) stale.push(join(asset.to, path));
    }
  }
  return stale.sort();
}

function sourceFiles(root: string, asset: PackageAsset): string[] {
  return listFiles(join(root, asset.from)).filter(asset.include);
}

/** Files under `dir`, relative to it with "/" separators, sorted; a file is itself, named "". */
function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  if (statSync(dir).isFile()) return [""];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(/[\\/]/).join("/"))
    .sort();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) copyPackageAssets();
