import { describe, expect, it } from "vitest";
import { filesWithoutSource } from "./lib/pack-contents.js";

describe("the pack test's check of a tarball's dist/", () => {
  it("takes every compiled form of a shipped source, and flags output left by a deleted or renamed module", () => {
    const source = ["src/index.ts", "src/wire/frame.ts", "src/a.data.ts"];
    const compiled = ["dist/index.js", "dist/index.js.map", "dist/index.d.ts", "dist/index.d.ts.map", "dist/wire/frame.js", "dist/a.data.js", "dist/a.data.d.ts"];
    expect(filesWithoutSource(["package.json", "README.md", ...source, ...compiled])).toEqual([]);
    const stale = ["dist/wire/old-frame.js", "dist/wire/old-frame.d.ts.map", "dist/notes.json", "dist/frame.js"];
    expect(filesWithoutSource([...source, ...compiled, ...stale])).toEqual(stale);
  });
});
