import { readFileSync, readdirSync } from "node:fs";
import Handlebars from "handlebars";

// The package's templates/ folder (copied from the repository's by the build); src/ and dist/ sit at the same depth.
const TEMPLATES = new URL("../../templates/", import.meta.url);

/** The templates of generated files, in templates/<name>.ts.hbs. */
export type TemplateName = "actor" | "client" | "proto" | "scaffold";

let compiled: Map<string, Handlebars.TemplateDelegate> | undefined;

/** Renders one template; partials come from templates/partials/<name>.hbs. */
export function render(name: TemplateName, view: object): string {
  const template = load().get(name);
  if (template === undefined) throw new Error(`protoc-gen-actr: missing template ${name}.ts.hbs in ${TEMPLATES.pathname}`);
  return template(view);
}

function load(): Map<string, Handlebars.TemplateDelegate> {
  if (compiled !== undefined) return compiled;
  // An isolated environment, so that partials never leak into other users of handlebars.
  const hbs = Handlebars.create();
  const partials = new URL("partials/", TEMPLATES);
  for (const file of readdirSync(partials).filter((name) => name.endsWith(".hbs"))) {
    hbs.registerPartial(file.slice(0, -".hbs".length), readFileSync(new URL(file, partials), "utf8"));
  }
  compiled = new Map();
  for (const file of readdirSync(TEMPLATES).filter((name) => name.endsWith(".ts.hbs"))) {
    const source = readFileSync(new URL(file, TEMPLATES), "utf8");
    // Generated code is TypeScript, not HTML: nothing is escaped, and strict mode catches typos.
    compiled.set(file.slice(0, -".ts.hbs".length), hbs.compile(source, { noEscape: true, strict: true }));
  }
  return compiled;
}
