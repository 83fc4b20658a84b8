import { Command } from "commander";
import { checkProject } from "../check/check-project.js";
import type { CheckOptions } from "../check/check-project.js";
import { CliError } from "../cli-error.js";

/** `actr check`: validate the project, list every problem, exit non-zero if there is one. */
export function checkCommand(): Command {
  return new Command("check")
    .description("validate Actr.toml, Actr.lock.toml and the protos without generating anything")
    .option("-c, --config <file>", "Actr.toml of the actor; Actr.lock.toml is read next to it", "Actr.toml")
    .option("-i, --input <dir>", "folder of the protos (default: protos/ next to Actr.toml)")
    .action(async (options: CheckOptions) => {
      const report = await checkProject(options);
      if (!report.ok) {
        const count = report.problems.length === 1 ? "1 problem" : `${report.problems.length} problems`;
        throw new CliError(`check found ${count}:\n${report.problems.map((problem) => `  - ${problem.replace(/\n/g, "\n    ")}`).join("\n")}`);
      }
      console.log(`actr check: OK: ${report.summary}`);
      for (const line of report.compat ?? []) console.log(`actr check: compat: ${line}`);
    });
}
