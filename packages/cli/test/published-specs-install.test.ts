import { readdirSync } from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { makeActrType } from "@actr/protocol";
import type { ExportedService } from "@actr/runtime";
import { toServiceSpec } from "@actr/runtime/internal";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "../../../scripts/fixtures-update.js";
import { stageDependency } from "../src/commands/install.js";

const tmp = mkdtempSync(join(tmpdir(), "actr-specs-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every generated actor file of the fixtures, e.g. `imports/expected/lookup/lookup_admin_actor.ts`. */
function actorFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith("_actor.ts") && entry.parentPath.includes("/expected"))
    .map((entry) => relative(FIXTURES_DIR, join(entry.parentPath, entry.name)))
    .sort();
}

function isSpec(value: unknown): value is ExportedService {
  return typeof value === "object" && value !== null && "protos" in value && "fingerprint" in value;
}

// What an actor publishes and what `actr install` makes of it must agree to the byte: the installer
// compiles the published texts again, and its fingerprints are what discovery matches exactly.
describe.each(actorFiles(FIXTURES_DIR))("the service spec of %s", (file) => {
  it("installs: the protos compile under their installed names to the published fingerprints", async () => {
    const module = (await import(join(FIXTURES_DIR, file))) as Record<string, unknown>;
    const specs = Object.values(module).filter(isSpec);
    expect(specs).toHaveLength(1);
    const spec = toServiceSpec(specs[0]);
    if (spec === undefined) throw new Error("no spec");
    const name = file.replace(/[^A-Za-z0-9]/g, "_");
    const dependency = { name, actrType: makeActrType("acme", "Fixture", "0.1.0"), service: spec.name, fingerprint: undefined };
    const locked = await stageDependency(dependency, spec, join(tmp, name));
    expect(locked.fingerprint).toBe(spec.fingerprint);
    expect(locked.files.map((installed) => installed.fingerprint).sort()).toEqual(spec.protobufs.map((proto) => proto.fingerprint).sort());
  });
});
