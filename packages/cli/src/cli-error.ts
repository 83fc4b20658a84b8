/** A failure caused by the user's input: the CLI prints the message alone and exits non-zero. */
export class CliError extends Error {
  override readonly name = "CliError";
}
