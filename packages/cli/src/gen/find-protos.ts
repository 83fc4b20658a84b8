import { readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { CliError } from "../cli-error.js";

/** The .proto files under `root`, as sorted paths relative to it with "/" separators. */
export function findProtos(root: string): string[] {
  let stat;
  try {
    stat = statSync(root);
  } catch {
    throw new CliError(`Input folder ${root} does not exist; pass --input <folder holding your .proto files>`);
  }
  if (!stat.isDirectory()) throw new CliError(`Input ${root} is not a folder; pass --input <folder holding your .proto files>`);
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".proto")) found.push(relative(root, path).split(sep).join("/"));
    }
  };
  walk(root);
  if (found.length === 0) throw new CliError(`Input folder ${root} holds no .proto files`);
  return found.sort();
}
