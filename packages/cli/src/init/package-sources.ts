import { existsSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { CliError } from "../cli-error.js";
import { ACTR_PACKAGES, type ActrPackage, type PackageVersions } from "./package-versions.js";

/** Where a new project gets each @actr package: a registry version, or a `file:` tarball. */
export interface PackageSources {
  /** The dependency spec of each package, e.g. "0.1.0" or "file:../packs/actr-cli-0.1.0.tgz". */
  readonly specs: Readonly<Record<ActrPackage, string>>;
  /**
   * For tarballs: every package again as an npm override, so that the packages' dependencies on
   * each other resolve to the tarballs too instead of the registry.
   */
  readonly overrides: readonly { readonly name: string; readonly spec: string }[];
}

/** The file name `npm pack` gives a package, e.g. actr-runtime-0.1.0.tgz. */
export function tarballName(name: ActrPackage, version: string): string {
  return `actr-${name}-${version}.tgz`;
}

/**
 * Registry versions, or with `from` (a folder of `npm pack` tarballs) `file:` specs relative to the
 * project folder `projectDir`. Every tarball of this release must be there.
 */
export function packageSources(versions: PackageVersions, projectDir: string, from?: string): PackageSources {
  if (from === undefined) return { specs: versions.actr, overrides: [] };
  const folder = resolve(from);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new CliError(`--from ${from}: no such folder. Pass the folder that holds the tarballs of \`npm pack\`.`);
  }
  const missing = ACTR_PACKAGES.map((name) => tarballName(name, versions.actr[name])).filter((file) => !existsSync(join(folder, file)));
  if (missing.length > 0) {
    throw new CliError(
      `--from ${from}: missing ${missing.join(", ")}. Pack them there first, e.g. in the actr-ts checkout: npm run pack -- --pack-destination ${folder}`,
    );
  }
  const specs = Object.fromEntries(
    ACTR_PACKAGES.map((name) => {
      const path = relative(projectDir, join(folder, tarballName(name, versions.actr[name]))).split(sep).join("/");
      return [name, `file:${path}`];
    }),
  ) as Record<ActrPackage, string>;
  return { specs, overrides: ACTR_PACKAGES.map((name) => ({ name: `@actr/${name}`, spec: specs[name] })) };
}
