/** A failure caused by the user's input: the CLI prints the message alone and exits non-zero. */
export class CliError extends Error {
  override readonly name = "CliError";
}

/** What the CLI prints for an error: its message, or for a system error the fix it calls for. */
export function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const system = error as NodeJS.ErrnoException & { readonly port?: number; readonly address?: string };
  if (system.code === "EADDRINUSE" && system.port !== undefined) {
    return `Port ${system.port} on ${system.address ?? "this host"} is in use: pass --port <another port>, or --port 0 to take a free one`;
  }
  return error.message;
}
