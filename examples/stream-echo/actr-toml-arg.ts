import { join, resolve } from "node:path";

/**
 * The Actr.toml an actor of this example runs with: `--actr-toml <path>` (anywhere among the
 * arguments), else the one in `defaultDir`; returns the other arguments in order.
 */
export function actrTomlArg(argv: readonly string[], defaultDir: string): { readonly actrToml: string; readonly rest: readonly string[] } {
  const at = argv.indexOf("--actr-toml");
  if (at === -1) return { actrToml: join(defaultDir, "Actr.toml"), rest: argv };
  const path = argv[at + 1];
  if (path === undefined || path.startsWith("--")) {
    console.error("--actr-toml needs the path of an Actr.toml, e.g. --actr-toml ./Actr.toml");
    process.exit(2);
  }
  return { actrToml: resolve(path), rest: [...argv.slice(0, at), ...argv.slice(at + 2)] };
}
