import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";

// The package's templates/init/ folder (copied from the repository's by the build); src/ and dist/ sit at the same depth.
const INIT_TEMPLATES = fileURLToPath(new URL("../../templates/init/", import.meta.url));
/** Files every template gets; a template's own file of the same path wins. */
const COMMON = "common";
const SUFFIX = ".hbs";

/** A file of the new project: path relative to its folder, and content. */
export interface ProjectFile {
  readonly path: string;
  readonly content: string;
}

/** Names of the templates in templates/init/, e.g. ["echo", "stream"]. */
export function initTemplates(): string[] {
  return readdirSync(INIT_TEMPLATES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== COMMON)
    .map((entry) => entry.name)
    .sort();
}

/**
 * Renders the common files and those of `template`; placeholders in file paths are rendered too
 * (`protos/local/{{protoPackage}}.proto.hbs`). Strict mode makes a misspelt placeholder an error.
 */
export function renderTemplate(template: string, view: object): ProjectFile[] {
  const hbs = Handlebars.create();
  const render = (source: string): string => hbs.compile(source, { noEscape: true, strict: true })(view);
  const files = new Map<string, string>();
  for (const dir of [COMMON, template]) {
    const root = join(INIT_TEMPLATES, dir);
    for (const path of templateFiles(root)) {
      files.set(render(path.slice(0, -SUFFIX.length)), render(readFileSync(join(root, path), "utf8")));
    }
  }
  return [...files].map(([path, content]) => ({ path, content })).sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Paths of the `.hbs` files under `root`, relative to it with "/" separators. */
function templateFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(SUFFIX))
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1).split(/[\\/]/).join("/"));
}
