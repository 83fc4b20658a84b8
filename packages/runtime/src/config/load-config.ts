import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { ConfigError } from "./config-error.js";
import { parseConfig } from "./parse-config.js";
import type { RuntimeConfig } from "./runtime-config.js";

/** Reads Actr.toml at `path`; relative paths inside it resolve against its folder. */
export async function loadConfig(path: string): Promise<RuntimeConfig> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === "ENOENT" ? "does not exist" : `cannot be read (${code ?? String(error)})`;
    throw new ConfigError(`${file} ${problem}. Pass the path of the actor's Actr.toml (create one with \`actr init\`).`);
  }
  return parseConfig(text, file, dirname(file));
}
