/**
 * The imports of one generated file. Names declared by the file itself are reserved first;
 * an import whose name is taken gets an alias (`Context$1`), so nothing collides.
 */
export class ImportSet {
  readonly #taken = new Set<string>();
  readonly #entries = new Map<string, ImportEntry>();

  constructor(declared: Iterable<string>) {
    for (const name of declared) this.#taken.add(name);
  }

  /** The local name under which `name` from `from` is visible in the file. */
  use(name: string, from: string, typeOnly: boolean): string {
    const key = `${from}\0${name}\0${typeOnly ? "type" : "value"}`;
    const known = this.#entries.get(key);
    if (known !== undefined) return known.local;
    let local = name;
    for (let n = 1; this.#taken.has(local); n++) local = `${name}$${n}`;
    this.#taken.add(local);
    this.#entries.set(key, { name, local, from, typeOnly });
    return local;
  }

  /**
   * Import statements for the names that `body` uses, value imports before type imports,
   * modules in the order packages, then relative paths.
   */
  statements(body: string): ImportStatement[] {
    // Identifiers of the code, leaving out property names (`x.Name`); strings and comments are no uses.
    const identifiers = new Set(body.replace(STRINGS_AND_COMMENTS, " ").match(IDENTIFIER) ?? []);
    const used = [...this.#entries.values()].filter((entry) => identifiers.has(entry.local));
    const groups = new Map<string, ImportEntry[]>();
    for (const entry of used) {
      const key = `${entry.from}\0${entry.typeOnly ? 1 : 0}`;
      groups.set(key, [...(groups.get(key) ?? []), entry]);
    }
    return [...groups.values()]
      .map((entries) => {
        const first = entries[0] as ImportEntry;
        const names = entries
          .map((entry) => (entry.local === entry.name ? entry.name : `${entry.name} as ${entry.local}`))
          .sort(compare);
        return { from: first.from, typeOnly: first.typeOnly, names: names.join(", ") };
      })
      .sort((a, b) => moduleRank(a.from) - moduleRank(b.from) || compare(a.from, b.from) || Number(a.typeOnly) - Number(b.typeOnly));
  }
}

export interface ImportStatement {
  readonly from: string;
  readonly typeOnly: boolean;
  /** `A, B as B$1` */
  readonly names: string;
}

interface ImportEntry {
  readonly name: string;
  readonly local: string;
  readonly from: string;
  readonly typeOnly: boolean;
}

const IDENTIFIER = /(?<![\w$.])[A-Za-z_$][\w$]*/g;
const STRINGS_AND_COMMENTS = /`(?:\\[\s\S]|[^`\\])*`|"(?:\\.|[^"\\\n])*"|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g;

function moduleRank(from: string): number {
  return from.startsWith(".") ? 1 : 0;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
