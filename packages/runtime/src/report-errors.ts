// `node --import @actr/runtime/report-errors main.ts`: errors that stop the actor (while it starts or
// later) print one line with their fix instead of an uncaught stack trace, and the process exits 1.
// Loaded before main.ts, so it also reports an import of main.ts that cannot be found.
import { formatStartError } from "./lifecycle/start-error.js";

process.on("uncaughtException", (error) => {
  console.error(formatStartError(error));
  process.exit(1);
});
