import type { Printable } from "@bufbuild/protoplugin";

// Marks are NUL-delimited indices: NUL never occurs in template text or proto names.
const MARK = /\u0000(\d+)\u0000/;

/**
 * Lets handlebars templates hold protoplugin Printables (imports, exports): a template prints a
 * mark in place of each one, and the rendered text is turned back into printables, so protoplugin
 * writes the import statements and resolves name clashes as it does for protoc-gen-es.
 */
export class Marks {
  readonly #items: Printable[] = [];

  mark(printable: Printable): string {
    this.#items.push(printable);
    return `\u0000${this.#items.length - 1}\u0000`;
  }

  /** The rendered text as printables: text verbatim, each mark as its printable. */
  resolve(text: string): Printable[] {
    return text.split(MARK).map((part, i) => (i % 2 === 0 ? part : (this.#items[Number(part)] as Printable)));
  }
}
