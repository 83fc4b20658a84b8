// npm run test:pack: the packages as a user outside this repository gets them. Packs every package,
// installs the tarballs into a fresh project in a temporary folder, and as a user would: actr init,
// npm install, npm run gen, tsc, a signaling server from the installed CLI, the actor, and a second
// actor made the same way (actr install) that calls it. Also checks every package's types the way
// @arethetypeswrong/cli does. Prints what it installed, what it ran and the reply; exits 1 on failure.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { filesWithoutSource } from "./lib/pack-contents.js";
import { CALLER_MAIN, CALLER_DEPENDENCY } from "./test-pack-caller.js";

const ROOT = join(import.meta.dirname, "..");
/** Pinned like every dependency; installed into the temporary folder only. */
const ATTW = "@arethetypeswrong/cli@0.18.5";
const INSTALL_SCRIPTS_WARNING = /install scripts not yet covered by allowScripts/;
const started = performance.now();

function log(message: string): void {
  console.log(`[test:pack +${((performance.now() - started) / 1000).toFixed(1)}s] ${message}`);
}

interface Process {
  readonly lines: string[];
  readonly exited: Promise<number | null>;
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

/** Starts a command in its own process group (npm and npx start children), echoing its output unless `quiet`. */
function start(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}, quiet = false): Process {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const lines: string[] = [];
  const waiters = new Set<(line: string) => void>();
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      if (!quiet) console.log(`    | ${line}`);
      for (const waiter of waiters) waiter(line);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  const name = `${command} ${args.join(" ")}`;
  return {
    lines,
    exited,
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const finish = (error: Error | undefined, match?: RegExpMatchArray): void => {
          clearTimeout(timer);
          waiters.delete(waiter);
          if (error === undefined && match !== undefined) resolve(match);
          else reject(error);
        };
        const waiter = (line: string): void => {
          const match = line.match(pattern);
          if (match !== null) finish(undefined, match);
        };
        const timer = setTimeout(() => finish(new Error(`${name} printed no line matching ${pattern} in ${timeoutMs} ms`)), timeoutMs);
        waiters.add(waiter);
        for (const line of lines) waiter(line);
        void exited.then((code) => finish(new Error(`${name} exited with ${code} before printing a line matching ${pattern}`)));
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
      await exited;
    },
  };
}

/** Runs a command to completion; throws with its output when it fails. Returns its output lines. */
async function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}, quiet = false): Promise<string[]> {
  log(`$ ${command} ${args.join(" ")}    (in ${cwd})`);
  const running = start(command, args, cwd, env, quiet);
  const code = await running.exited;
  if (code !== 0) {
    if (quiet) console.log(running.lines.map((line) => `    | ${line}`).join("\n"));
    throw new Error(`${command} ${args.join(" ")} exited with ${code}`);
  }
  return running.lines;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

interface PackResult {
  readonly name: string;
  readonly version: string;
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

/** npm pack of every package (prepack builds them from an emptied dist/) and the files each tarball holds. */
async function pack(packs: string): Promise<PackResult[]> {
  const lines = await run("npm", ["run", "--silent", "pack", "--", "--json", "--pack-destination", packs], ROOT, {}, true);
  const json = lines.join("\n");
  const results = JSON.parse(json.slice(json.indexOf("["))) as PackResult[];
  for (const result of results) {
    const paths = result.files.map((file) => file.path);
    log(`packed ${result.filename}: ${paths.length} files (${topLevel(paths)})`);
    const unwanted = paths.filter((path) => /(^|\/)(test|tests|__tests__)\/|\.test\.[jt]s$|tsconfig(\..*)?\.json$|\.tsbuildinfo$/.test(path));
    check(unwanted.length === 0, `${result.filename} holds files a user does not need: ${unwanted.join(", ")}`);
    for (const needed of ["LICENSE", "README.md", "package.json", "dist/index.js", "dist/index.d.ts"]) {
      check(paths.includes(needed), `${result.filename} lacks ${needed}`);
    }
    const orphans = filesWithoutSource(paths);
    check(orphans.length === 0, `${result.filename} holds build output with no source in src/ (left by a deleted or renamed module; the prepack should empty dist/): ${orphans.join(", ")}`);
  }
  return results;
}

function topLevel(paths: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const path of paths) {
    const top = path.includes("/") ? `${path.slice(0, path.indexOf("/"))}/` : path;
    counts.set(top, (counts.get(top) ?? 0) + 1);
  }
  return [...counts].map(([top, count]) => (top.endsWith("/") ? `${top} ${count}` : top)).join(", ");
}

/**
 * better-sqlite3 compiles from source when its prebuilt binary cannot be downloaded (no GitHub here).
 * prebuild-install first looks in a local prebuilds folder, named in a .prebuild-installrc it finds
 * in any parent folder: offer it the binary the repository built, for this very Node ABI and
 * platform, so each install below takes seconds instead of minutes. Another platform falls back to
 * compiling, as it would for a user.
 */
async function offerLocalPrebuild(work: string): Promise<void> {
  const module = join(ROOT, "node_modules", "better-sqlite3");
  const { version } = JSON.parse(readFileSync(join(module, "package.json"), "utf8")) as { version: string };
  const dir = join(work, "prebuilds");
  mkdirSync(dir);
  const file = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  await run("tar", ["-czf", join(dir, file), "-C", module, "build/Release/better_sqlite3.node"], ROOT);
  writeFileSync(join(work, ".prebuild-installrc"), `local-prebuilds=${dir}\n`);
  log(`better-sqlite3: offering the repository's build as the local prebuild ${file}`);
}

/** npm install, refusing the npm 11 warning about unapproved install scripts. */
async function npmInstall(cwd: string, args: readonly string[]): Promise<void> {
  const begun = performance.now();
  const lines = await run("npm", ["install", "--no-audit", "--no-fund", "--foreground-scripts", ...args], cwd);
  check(!lines.some((line) => INSTALL_SCRIPTS_WARNING.test(line)), `npm install in ${cwd} warned about install scripts`);
  log(`installed in ${((performance.now() - begun) / 1000).toFixed(1)} s`);
}

/** Every package's types as @arethetypeswrong/cli sees them, for ESM consumers (the packages are ESM only). */
async function checkTypes(work: string, packs: string, results: readonly PackResult[]): Promise<void> {
  const tools = join(work, "attw");
  mkdirSync(tools);
  writeFileSync(join(tools, "package.json"), JSON.stringify({ private: true }));
  await npmInstall(tools, [ATTW]);
  for (const result of results) {
    await run("npx", ["attw", "--profile", "esm-only", "--format", "ascii", join(packs, result.filename)], tools);
  }
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "actr-test-pack-"));
  check(relative(ROOT, work).startsWith(".."), `${work} must lie outside the repository`);
  log(`work folder ${work}, node ${process.version}`);
  const running: Process[] = [];
  let ok = false;
  try {
    const packs = join(work, "packs");
    mkdirSync(packs);
    const results = await pack(packs);
    await offerLocalPrebuild(work);

    // A fresh project that installs the tarballs, as someone trying the CLI out would.
    const user = join(work, "user");
    mkdirSync(user);
    // The install scripts the repository approves are the ones the packages need.
    const { allowScripts } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { allowScripts: Record<string, boolean> };
    writeFileSync(join(user, "package.json"), JSON.stringify({ name: "actr-pack-test", private: true, type: "module", allowScripts }, null, 2));
    await npmInstall(user, results.map((result) => join(packs, result.filename)));
    const cliVersion = results.find((result) => result.name === "@actr/cli")?.version;
    const version = await run("npx", ["actr", "--version"], user);
    check(version.at(-1) === cliVersion, `actr --version printed ${version.join(" ")}, expected ${cliVersion}`);

    // The actor.
    await run("npx", ["actr", "init", "my-echo", "--from", packs], user);
    const echo = join(user, "my-echo");
    await npmInstall(echo, []);
    // Started too early, it says what to do in one line.
    const early = start("npm", ["start"], echo);
    log("$ npm start (before npm run gen)");
    check((await early.exited) === 1, "npm start before npm run gen should exit 1");
    const hint = early.lines.find((line) => line.startsWith("actr: "));
    check(hint?.includes("run `npm run gen`") === true, `npm start before npm run gen printed no hint: ${hint}`);
    await run("npm", ["run", "gen"], echo);
    await run("npx", ["tsc", "--noEmit"], echo);

    const signaling = start("npm", ["run", "signaling", "--", "--port", "0", "--key-file", join(work, "signaling-key")], echo);
    running.push(signaling);
    log("$ npm run signaling -- --port 0 (my-echo, running)");
    const [, url] = await signaling.waitForLine(/connect to (ws:\/\/\S+)/, 30_000);
    const env = { ACTR_SIGNALING_URL: url };
    log(`signaling at ${url}; actors get it through ACTR_SIGNALING_URL`);

    const server = start("npm", ["start"], echo, env);
    running.push(server);
    log("$ npm start (my-echo, running)");
    await server.waitForLine(/my-echo ready as /, 60_000);

    // The caller: a second project made the same way, depending on the first through actr install.
    await run("npx", ["actr", "init", "my-caller", "--from", packs], user);
    const caller = join(user, "my-caller");
    writeFileSync(join(caller, "Actr.toml"), `${readFileSync(join(caller, "Actr.toml"), "utf8")}\n${CALLER_DEPENDENCY}`);
    writeFileSync(join(caller, "call.ts"), CALLER_MAIN);
    await npmInstall(caller, []);
    await run("npx", ["actr", "install"], caller, env);
    await run("npm", ["run", "gen"], caller);
    await run("npx", ["tsc", "--noEmit"], caller);
    const lines = await run("node", ["--import", "tsx", "call.ts", "hello from the pack test"], caller, env);
    const reply = lines.find((line) => line.startsWith("reply: "));
    check(reply !== undefined && /echo: hello from the pack test \(from .*acme:MyCaller:0\.1\.0\)/.test(reply), `unexpected reply: ${reply}`);
    log(`the caller got ${JSON.stringify(reply)}`);

    await checkTypes(work, packs, results);
    ok = true;
  } finally {
    for (const child of running.reverse()) await child.stop();
    if (ok) rmSync(work, { recursive: true, force: true });
    else log(`kept ${work} for a look`);
  }
  log(`passed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

await main().catch((error: unknown) => {
  log(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
