import { parse, TomlError } from "smol-toml";
import { ConfigError } from "./config-error.js";

export type Table = Record<string, unknown>;

/** Parses TOML; a syntax error names the file, line and column. */
export function parseToml(text: string, source: string, fix: string): Table {
  try {
    return parse(text);
  } catch (cause) {
    const where = cause instanceof TomlError ? `${source}:${cause.line}:${cause.column}` : source;
    const message = cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
    throw new ConfigError(`${where}: not valid TOML: ${message}. ${fix}`);
  }
}

/**
 * Typed access to a parsed TOML document. Keys are given as full dotted paths ("dependency[0].name")
 * so that errors name them; the value is looked up by the last segment in the given parent table.
 */
export class TableReader {
  constructor(
    readonly source: string,
    private readonly fix: string,
  ) {}

  keys(table: Table, at: string, allowed: readonly string[]): void {
    for (const key of Object.keys(table)) {
      if (!allowed.includes(key)) {
        const name = at === "" ? key : `${at}.${key}`;
        throw new ConfigError(`${this.source}: unknown key "${name}" (allowed here: ${allowed.join(", ")}). Remove or rename it.`);
      }
    }
  }

  table(parent: Table, key: string): Table {
    const value = parent[key.split(".").pop() as string];
    if (!isTable(value)) throw this.missing(key, "a table");
    return value;
  }

  tables(parent: Table, key: string): Table[] {
    const value = parent[key.split(".").pop() as string];
    if (value === undefined) return [];
    if (!Array.isArray(value) || !value.every(isTable)) throw this.missing(key, "an array of tables");
    return value;
  }

  string(parent: Table, key: string): string {
    const value = parent[key.split(".").pop() as string];
    if (typeof value !== "string" || value === "") throw this.missing(key, "a non-empty string");
    return value;
  }

  integer(parent: Table, key: string): number {
    const value = parent[key.split(".").pop() as string];
    if (typeof value !== "number" || !Number.isInteger(value)) throw this.missing(key, "an integer");
    return value;
  }

  private missing(key: string, what: string): ConfigError {
    return new ConfigError(`${this.source}: ${key} must be ${what}. ${this.fix}`);
  }
}

function isTable(value: unknown): value is Table {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
