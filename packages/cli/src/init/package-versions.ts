import { readFileSync } from "node:fs";

/** Versions a new project pins: the ones this CLI is built against, from its own package.json. */
export interface PackageVersions {
  readonly cli: string;
  readonly protocol: string;
  readonly runtime: string;
  readonly protobuf: string;
}

interface CliManifest {
  readonly version: string;
  readonly dependencies: Readonly<Record<string, string>>;
}

// packages/cli/package.json; src/ and dist/ sit at the same depth.
const MANIFEST = new URL("../../package.json", import.meta.url);

export function packageVersions(): PackageVersions {
  const manifest = JSON.parse(readFileSync(MANIFEST, "utf8")) as CliManifest;
  const dependency = (name: string): string => {
    const version = manifest.dependencies[name];
    if (version === undefined) throw new Error(`${MANIFEST.pathname} lists no dependency ${name}`);
    return version;
  };
  return {
    cli: manifest.version,
    protocol: dependency("@actr/protocol"),
    runtime: dependency("@actr/runtime"),
    protobuf: dependency("@bufbuild/protobuf"),
  };
}
