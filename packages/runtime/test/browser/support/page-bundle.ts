import { build } from "esbuild";

/**
 * Bundles a page entry for Chromium from the workspace's TypeScript sources (the "source" export
 * condition), as a browser would load the runtime: any import of a Node module fails the build.
 */
export async function bundlePage(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "chrome120",
    conditions: ["source"],
    sourcemap: "inline",
    write: false,
    logLevel: "silent",
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error(`esbuild produced no output for ${entry}`);
  return output.text;
}
