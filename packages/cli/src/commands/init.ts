import { relative } from "node:path";
import { Command, Option } from "commander";
import { DEFAULT_MANUFACTURER, DEFAULT_TEMPLATE, initProject } from "../init/init-project.js";
import { initTemplates } from "../init/init-templates.js";

interface InitCommandOptions {
  readonly template: string;
  readonly manufacturer: string;
  readonly dir?: string;
  readonly from?: string;
}

/** `actr init`: write a new actor project from a template. */
export function initCommand(): Command {
  return new Command("init")
    .description("create a new actor project (Actr.toml, a proto, a handler, main.ts) from a template")
    .argument("[name]", "project name and actor type name: letters, digits, _ and -, at most 32 (default: the folder's name)")
    .addOption(new Option("-t, --template <template>", "project template").choices(initTemplates()).default(DEFAULT_TEMPLATE))
    .option("-m, --manufacturer <manufacturer>", "manufacturer part of the actor type", DEFAULT_MANUFACTURER)
    .option("-d, --dir <path>", "folder to create, absent or empty (default: ./<name>, or the current folder without a name)")
    .option("--from <folder>", "depend on the @actr package tarballs in this folder (file: dependencies) instead of the npm registry")
    .action((name: string | undefined, options: InitCommandOptions) => {
      const result = initProject({ ...options, name });
      const where = relative(process.cwd(), result.dir);
      const cd = where === "" ? "" : `cd ${where} && `;
      console.log(
        `actr init: ${result.actrType} (${options.template}), ${result.files.length} files in ${where || "."}\n` +
          `next: ${cd}npm install && npm run gen, then \`npm run signaling\` in another terminal and \`npm start\``,
      );
    });
}
