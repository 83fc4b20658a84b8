/**
 * Bad input found while generating: the message starts with `<file>:<line>:<col>:` (or `<file>:`)
 * so that the CLI can point at the user's file.
 */
export class GeneratorError extends Error {
  override readonly name = "GeneratorError";
}
