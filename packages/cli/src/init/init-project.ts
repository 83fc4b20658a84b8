import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { actrTypeToString, makeActrType } from "@actr/protocol";
import { CONFIG_DEFAULTS } from "@actr/runtime/internal";
import { CliError } from "../cli-error.js";
import { writeFile } from "../gen/output-folder.js";
import { initTemplates, renderTemplate } from "./init-templates.js";
import { packageSources } from "./package-sources.js";
import { packageVersions } from "./package-versions.js";
import { projectNames } from "./project-names.js";
import type { ProjectNames } from "./project-names.js";

export interface InitOptions {
  /** Project name; default: the base name of `dir`. */
  readonly name?: string;
  /** Folder to create; default: `./<name>`, or the working directory when no name is given either. */
  readonly dir?: string;
  /** A folder of `npm pack` tarballs of this release: the project depends on them as `file:` packages. */
  readonly from?: string;
  /** A folder of templates/init/ (default "echo"). */
  readonly template?: string;
  /** Actor type manufacturer (default "acme"). */
  readonly manufacturer?: string;
}

export interface InitResult {
  /** Absolute path of the project folder. */
  readonly dir: string;
  readonly names: ProjectNames;
  /** The actor type as Actr.toml and the logs write it, e.g. "acme+MyEcho+0.1.0". */
  readonly actrType: string;
  /** Files written, relative to `dir`. */
  readonly files: readonly string[];
}

export const DEFAULT_TEMPLATE = "echo";
export const DEFAULT_MANUFACTURER = "acme";

/** `actr init`: a new actor project from templates/init/<template>/, in a folder that is absent or empty. */
export function initProject(options: InitOptions): InitResult {
  const target = options.dir ?? options.name ?? ".";
  const template = options.template ?? DEFAULT_TEMPLATE;
  const templates = initTemplates();
  if (!templates.includes(template)) {
    throw new CliError(`Unknown template "${template}": use --template ${templates.join(" or ")}`);
  }
  const dir = resolve(target);
  const names = projectNames(options.name ?? basename(dir), options.manufacturer ?? DEFAULT_MANUFACTURER);
  assertEmptyFolder(dir);
  const versions = packageVersions();
  const sources = packageSources(versions, dir, options.from);
  const version = CONFIG_DEFAULTS.packageVersion;
  // Everything is rendered before the first write, so a template error leaves no half project.
  const files = renderTemplate(template, { ...names, version, template, packages: sources.specs, overrides: sources.overrides, protobufVersion: versions.protobuf });
  mkdirSync(dir, { recursive: true });
  for (const file of files) writeFile(join(dir, file.path), file.content);
  const actrType = actrTypeToString(makeActrType(names.manufacturer, names.typeName, version));
  return { dir, names, actrType, files: files.map((file) => file.path) };
}

function assertEmptyFolder(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new CliError(`${dir} is a file, not a folder: pass --dir <a new or empty folder>`);
  const entries = readdirSync(dir);
  if (entries.length > 0) {
    const shown = entries.slice(0, 3).join(", ") + (entries.length > 3 ? ", ..." : "");
    throw new CliError(`${dir} is not empty (${shown}): pass --dir <a new or empty folder>; nothing was written`);
  }
}
