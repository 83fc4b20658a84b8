import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { ENV } from "../config/env.js";
import { ActrError } from "../errors/actr-error.js";

/** The environment variable that shows the stack of start-up errors (and lets the logger print debug lines). */
const LOG_ENV = ENV.log;

/**
 * One line for an error that stops an actor from starting, with its fix, or undefined for an error
 * that is a bug (its stack is what helps). Runtime errors (a bad Actr.toml, an unreachable signaling
 * server) already name their fix; a missing module is a step of the first run that was skipped.
 */
export function startErrorLine(error: unknown, cwd = process.cwd()): string | undefined {
  if (error instanceof ActrError) return `${error.name}: ${error.message}`;
  if (!(error instanceof Error) || (error as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") return undefined;
  // Node: "Cannot find module '/abs/generated/x.js' imported from /abs/main.ts" or "Cannot find package 'x' imported from ...".
  const match = /^Cannot find (module|package) '([^']+)' imported from (\S+)/.exec(error.message);
  if (match === null) return `${error.message.split("\n")[0]}. Run \`npm install\` and \`npm run gen\`, then start again.`;
  const [, kind, missing = "", importer = ""] = match;
  const shown = (path: string): string => {
    const file = path.startsWith("file:") ? fileURLToPath(path) : path;
    const rel = relative(cwd, file);
    return rel.startsWith("..") ? file : rel;
  };
  if (kind === "package") return `Cannot find package ${missing} (imported by ${shown(importer)}). Run \`npm install\`, then start again.`;
  const fix = /[\\/]generated[\\/]/.test(missing)
    ? "The generated code is missing: run `npm run gen` (actr gen), then start again."
    : "Check the import path.";
  return `Cannot find ${shown(missing)} (imported by ${shown(importer)}). ${fix}`;
}

/**
 * What to print for an uncaught error: the line of startErrorLine (plus how to see the stack), or the
 * stack itself for a bug or when ACTR_LOG=debug.
 */
export function formatStartError(error: unknown, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const line = env[LOG_ENV] === "debug" ? undefined : startErrorLine(error, cwd);
  if (line !== undefined) return `actr: ${line} (${LOG_ENV}=debug shows the stack)`;
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}
