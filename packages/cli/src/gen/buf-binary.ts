import { createRequire } from "node:module";
import { CliError } from "../cli-error.js";

const require = createRequire(import.meta.url);

// Suffixes of the platform packages of @bufbuild/buf.
const PLATFORMS: Readonly<Record<string, string>> = {
  "darwin-arm64": "darwin-arm64",
  "darwin-x64": "darwin-x64",
  "linux-arm64": "linux-aarch64",
  "linux-arm": "linux-armv7",
  "linux-x64": "linux-x64",
  "win32-arm64": "win32-arm64",
  "win32-x64": "win32-x64",
};

let resolved: string | undefined;

/** Path of the native buf binary shipped by the @bufbuild/buf npm package. */
export function bufBinary(): string {
  if (resolved !== undefined) return resolved;
  const platform = PLATFORMS[`${process.platform}-${process.arch}`];
  const exe = process.platform === "win32" ? "buf.exe" : "buf";
  try {
    if (platform === undefined) throw new Error(`no build for ${process.platform}-${process.arch}`);
    resolved = require.resolve(`@bufbuild/buf-${platform}/bin/${exe}`);
    return resolved;
  } catch (cause) {
    throw new CliError(
      `Cannot find the buf binary of @bufbuild/buf for ${process.platform}-${process.arch} ` +
        `(${cause instanceof Error ? cause.message : String(cause)}); reinstall dependencies with npm install`,
    );
  }
}
