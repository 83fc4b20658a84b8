import { describe, expect, it } from "vitest";
import { ConfigError } from "@actr/runtime";
import { formatLockFile, parseLockFile } from "@actr/runtime/internal";
import type { LockFile } from "@actr/runtime";

const hex = (c: string) => c.repeat(64);
const lock: LockFile = {
  version: 1,
  generatedAt: "2026-11-22T07:00:00Z",
  dependencies: [
    {
      name: "echo-server",
      actrType: "acme+EchoService",
      fingerprint: `service_semantic:${hex("a")}`,
      files: [{ path: "echo-server/echo.proto", fingerprint: `semantic:${hex("b")}` }],
    },
    {
      name: "users",
      actrType: "acme+Users",
      service: "acme.v2.UserService",
      fingerprint: `service_semantic:${hex("c")}`,
      files: [{ path: "users/acme.v2.proto", fingerprint: `semantic:${hex("d")}` }],
    },
  ],
};

describe("Actr.lock.toml", () => {
  it("round-trips through its text form", () => {
    const text = formatLockFile(lock);
    expect(text).toContain("[[dependency.files]]");
    expect(text).toContain('service = "acme.v2.UserService"');
    expect(parseLockFile(text, "Actr.lock.toml")).toEqual(lock);
  });

  it("names an unknown key and where it is", () => {
    const text = formatLockFile(lock).replace('name = "echo-server"', 'name = "echo-server"\nnmae = "x"');
    expect(() => parseLockFile(text, "Actr.lock.toml")).toThrow(/Actr.lock.toml: unknown key "dependency\[0\].nmae"/);
  });

  it("rejects a malformed fingerprint with the fix", () => {
    const text = formatLockFile(lock).replace(`semantic:${hex("b")}`, "semantic:xyz");
    expect(() => parseLockFile(text, "L")).toThrow(ConfigError);
    expect(() => parseLockFile(text, "L")).toThrow(/dependency\[0\].files\[0\].fingerprint .*actr install/);
  });

  it("points at the line of a TOML syntax error", () => {
    expect(() => parseLockFile("[metadata]\nversion = = 1\n", "L")).toThrow(/^L:2:\d+: not valid TOML/);
  });

  it("refuses another lock file version", () => {
    expect(() => parseLockFile('[metadata]\nversion = 2\ngenerated_at = "x"\n', "L")).toThrow(/version is 2/);
  });
});
