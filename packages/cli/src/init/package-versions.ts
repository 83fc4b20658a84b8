import { readFileSync } from "node:fs";

/** The packages of this release a new project depends on, directly or through @actr/cli. */
export const ACTR_PACKAGES = ["protocol", "codegen", "runtime", "signaling", "cli"] as const;
export type ActrPackage = (typeof ACTR_PACKAGES)[number];

/** Versions a new project pins: the ones this CLI is built against, from its own package.json. */
export interface PackageVersions {
  readonly actr: Readonly<Record<ActrPackage, string>>;
  readonly protobuf: string;
}

interface CliManifest {
  readonly version: string;
  readonly dependencies: Readonly<Record<string, string>>;
}

// packages/cli/package.json; src/ and dist/ sit at the same depth.
const MANIFEST = new URL("../../package.json", import.meta.url);

function manifest(): CliManifest {
  return JSON.parse(readFileSync(MANIFEST, "utf8")) as CliManifest;
}

/** This CLI's version, for `actr --version`. */
export function cliVersion(): string {
  return manifest().version;
}

export function packageVersions(): PackageVersions {
  const cli = manifest();
  const dependency = (name: string): string => {
    const version = cli.dependencies[name];
    if (version === undefined) throw new Error(`${MANIFEST.pathname} lists no dependency ${name}`);
    return version;
  };
  const actr = Object.fromEntries(
    ACTR_PACKAGES.map((name) => [name, name === "cli" ? cli.version : dependency(`@actr/${name}`)]),
  ) as Record<ActrPackage, string>;
  return { actr, protobuf: dependency("@bufbuild/protobuf") };
}
