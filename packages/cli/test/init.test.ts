import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import type { DescMessage } from "@bufbuild/protobuf";
import type { Context } from "@actr/runtime";
import { afterEach, describe, expect, it, vi } from "vitest";
import { initProject } from "../src/init/init-project.js";
import type { InitOptions } from "../src/init/init-project.js";
import { generate, main } from "../src/index.js";

const REPO_MODULES = new URL("../../../node_modules", import.meta.url).pathname;
const TSC = createRequire(import.meta.url).resolve("typescript/bin/tsc");

const roots: string[] = [];
afterEach(() => {
  roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true }));
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "actr-init-test-"));
  roots.push(root);
  return root;
}

/** Inits a project, links the workspace's node_modules into it (as `npm install` would) and generates its code. */
async function initAndGenerate(template: string): Promise<string> {
  const dir = join(tempRoot(), "my-app");
  initProject({ name: "my-app", dir, template, manufacturer: "demo" });
  symlinkSync(REPO_MODULES, join(dir, "node_modules"), "junction");
  const result = await generate({ input: join(dir, "protos"), output: join(dir, "generated") });
  // The template's handler sits where the scaffold would go, so gen keeps it.
  expect(result.scaffolds.map((scaffold) => scaffold.written)).toEqual([false]);
  return dir;
}

/** Type-checks the project with its own tsconfig.json, as `npm run typecheck` does. */
function typecheck(dir: string): string {
  const run = spawnSync(process.execPath, [TSC, "-p", dir], { encoding: "utf8" });
  return run.stdout + run.stderr;
}

describe("actr init", () => {
  it("writes an echo project that generates, type-checks and answers a request", async () => {
    const dir = await initAndGenerate("echo");
    expect(readdirSync(join(dir, "generated")).sort()).toEqual(["local", "my_app"]);
    expect(readFileSync(join(dir, "Actr.toml"), "utf8")).toContain('manufacturer = "demo"\nname = "MyApp"');
    expect(typecheck(dir)).toBe("");

    // Through the generated dispatcher, with the route key built from the project's proto package.
    const actor = await import(pathToFileURL(join(dir, "generated/my_app/echo_service_actor.ts")).href);
    const messages = await import(pathToFileURL(join(dir, "generated/local/my_app_pb.ts")).href);
    const { EchoServiceImpl } = await import(pathToFileURL(join(dir, "echo_service.ts")).href);
    const request = messages.EchoRequestSchema as DescMessage;
    const response = messages.EchoResponseSchema as DescMessage;
    const dispatcher = new actor.EchoServiceDispatcher(new EchoServiceImpl());
    const payload = toBinary(request, create(request, { message: "hi" }));
    const reply = fromBinary(response, await dispatcher.dispatch("my_app.EchoService.Echo", payload, {} as Context));
    expect(reply).toMatchObject({ reply: "echo: hi (from the app)" });
  });

  it("writes a scaffold whose methods, once filled in with an init object, type-check", async () => {
    const dir = await initAndGenerate("echo");
    rmSync(join(dir, "echo_service.ts"));
    const result = await generate({ input: join(dir, "protos"), output: join(dir, "generated") });
    expect(result.scaffolds.map((scaffold) => scaffold.written)).toEqual([true]);
    const scaffold = readFileSync(join(dir, "echo_service.ts"), "utf8");
    expect(scaffold).toContain('from "./generated/my_app/echo_service_actor.js"');
    const filled = scaffold.replace(/throw new NotImplementedError\([^;]*;/, "return { reply: `${request.message} via ${ctx.requestId}` };");
    expect(filled).not.toBe(scaffold);
    writeFileSync(join(dir, "echo_service.ts"), filled.replace("import { NotImplementedError } from \"@actr/runtime\";\n", ""));
    expect(typecheck(dir)).toBe("");
  });

  it("writes a stream project that generates and type-checks", async () => {
    const dir = await initAndGenerate("stream");
    expect(existsSync(join(dir, "generated/my_app/stream_server_actor.ts"))).toBe(true);
    expect(typecheck(dir)).toBe("");
  });

  it("fills in the names, the pinned versions and the next commands", () => {
    const dir = join(tempRoot(), "Shop_Floor");
    const result = initProject({ dir });
    expect(result.names).toEqual({ name: "Shop_Floor", npmName: "shop_floor", manufacturer: "acme", typeName: "ShopFloor", protoPackage: "shop_floor" });
    expect(result.files).toEqual([
      ".gitignore",
      "Actr.toml",
      "README.md",
      "echo_service.ts",
      "main.ts",
      "package.json",
      "protos/local/shop_floor.proto",
      "tsconfig.json",
    ]);
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const cli = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(manifest).toMatchObject({ name: "shop_floor", private: true, scripts: { gen: expect.stringContaining("actr gen") } });
    expect(manifest.dependencies["@actr/runtime"]).toBe(cli.dependencies["@actr/runtime"]);
    expect(manifest.dependencies["@bufbuild/protobuf"]).toBe(cli.dependencies["@bufbuild/protobuf"]);
    expect(readFileSync(join(dir, "protos/local/shop_floor.proto"), "utf8")).toContain("package shop_floor;");
    expect(readFileSync(join(dir, "README.md"), "utf8")).toContain("npm run gen");
  });

  it("refuses a folder that is not empty, and writes nothing", () => {
    const dir = join(tempRoot(), "taken");
    mkdirSync(dir);
    writeFileSync(join(dir, "notes.txt"), "mine\n");
    expect(() => initProject({ dir })).toThrow(/taken is not empty \(notes\.txt\): pass --dir <a new or empty folder>; nothing was written/);
    expect(readdirSync(dir)).toEqual(["notes.txt"]);
  });

  it.each<[InitOptions, RegExp]>([
    [{ name: "has space" }, /Invalid name "has space" in `actr init <name>`: use 1 to 32 letters, digits, "_" or "-"/],
    [{ name: "a".repeat(33) }, /Invalid name "a{33}"/],
    [{ name: "9lives" }, /Invalid project name "9lives": start it with a letter/],
    [{ name: "ok", manufacturer: "a+b" }, /Invalid manufacturer "a\+b" in --manufacturer/],
    [{ name: "ok", template: "chat" }, /Unknown template "chat": use --template echo or stream/],
  ])("rejects %j with a message saying what to fix", (options, message) => {
    const root = tempRoot();
    expect(() => initProject({ ...options, dir: options.name === undefined ? undefined : join(root, options.name) })).toThrow(message);
    expect(readdirSync(root)).toEqual([]);
  });

  it("runs from the command line and exits 1 on a taken folder", async () => {
    const root = tempRoot();
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    await main(["node", "actr", "init", "relay", "--template", "stream", "--dir", join(root, "relay")]);
    expect(process.exitCode).toBeUndefined();
    expect(log.mock.calls[0]?.[0]).toMatch(/^actr init: acme\+Relay\+0\.1\.0 \(stream\), 9 files in .*relay\nnext: cd .*relay && npm install/);
    await main(["node", "actr", "init", "relay", "--dir", join(root, "relay")]);
    expect(process.exitCode).toBe(1);
    expect(error.mock.calls[0]?.[0]).toMatch(/^actr: .*relay is not empty/);
  });
});
