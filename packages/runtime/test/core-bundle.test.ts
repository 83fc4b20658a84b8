import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const CORE = fileURLToPath(new URL("../src/core.ts", import.meta.url));
// Native or Node-only packages the Node entry uses; none may reach the core.
const NODE_ONLY = /node_modules\/(better-sqlite3|ws|smol-toml|bindings|file-uri-to-path)\//;

describe("the runtime core", () => {
  it("bundles for the browser: no node:* module, no native or Node-only package", async () => {
    // platform "browser" fails the build on any node:* or Node built-in import, naming the file.
    const result = await build({
      entryPoints: [CORE],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      conditions: ["source"],
      logLevel: "silent",
    }).catch((error: { errors?: { text: string; location?: { file: string } | null }[] }) => {
      throw new Error(`The core does not bundle for the browser:\n${(error.errors ?? []).map((e) => `${e.location?.file ?? "?"}: ${e.text}`).join("\n")}`);
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.endsWith("src/core.ts"))).toBe(true);
    expect(inputs.filter((input) => NODE_ONLY.test(input) || input.startsWith("node:"))).toEqual([]);
    // The engine-neutral WebRTC wire (wire/webrtc/) is browser code by design; the Node adapters are not.
    expect(inputs.filter((input) => /runtime\/src\/(network\/|wire\/(websocket|webrtc-node)\/|config\/(load-config|lock-file|toml-reader)\.ts)/.test(input) || input.includes("sqlite-mailbox"))).toEqual([]);
  });

  it("is what a browser bundle of @actr/runtime gets", async () => {
    const result = await build({
      stdin: { contents: 'export { ActrSystem, Dest } from "@actr/runtime";', resolveDir: fileURLToPath(new URL(".", import.meta.url)) },
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      conditions: ["source"],
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.endsWith("runtime/src/core.ts"))).toBe(true);
    expect(inputs.some((input) => input.endsWith("runtime/src/index.ts"))).toBe(false);
  });
});
