/** Compiled forms of `src/<name>.ts` in dist/: the module, its declarations and their source maps. */
const COMPILED = /^dist\/(.+?)\.(?:js|d\.ts)(?:\.map)?$/;

/**
 * The files of a package tarball under dist/ that are not compiled from a `src/**\/*.ts` the
 * tarball also holds: build output left behind by a module since deleted or renamed.
 */
export function filesWithoutSource(paths: readonly string[]): string[] {
  const present = new Set(paths);
  return paths.filter((path) => {
    if (!path.startsWith("dist/")) return false;
    const compiled = COMPILED.exec(path);
    return compiled === null || !present.has(`src/${compiled[1]}.ts`);
  });
}
