import { Command } from "commander";
import { checkCommand } from "./commands/check.js";
import { genCommand } from "./commands/gen.js";
import { initCommand } from "./commands/init.js";
import { installCommand } from "./commands/install.js";
import { mailboxCommand } from "./commands/mailbox.js";
import { signalingCommand } from "./commands/signaling.js";
import { errorMessage } from "./cli-error.js";
import { cliVersion } from "./init/package-versions.js";

/** Every `actr` command; a new command is one more entry here. */
const COMMANDS: readonly (() => Command)[] = [
  initCommand,
  genCommand,
  installCommand,
  checkCommand,
  signalingCommand,
  mailboxCommand,
];

/** Runs the `actr` CLI; errors print their message (the stack with ACTR_LOG=debug) and exit 1. */
export async function main(argv: readonly string[]): Promise<void> {
  const program = new Command("actr").description("Actor-RTC toolchain").version(cliVersion(), "-V, --version", "print the version").showHelpAfterError();
  for (const command of COMMANDS) program.addCommand(command());
  try {
    await program.parseAsync(argv);
  } catch (error) {
    console.error(`actr: ${process.env["ACTR_LOG"] === "debug" && error instanceof Error ? error.stack : errorMessage(error)}`);
    process.exitCode = 1;
  }
}
