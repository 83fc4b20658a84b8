import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, REALM_SECRET_ENV, loadConfig } from "@actr/runtime";
import { parseConfig } from "@actr/runtime/internal";
import { useTempDir } from "../support/temp-dir.js";

const tempDir = useTempDir();
const BASE = `
[package]
name = "echo-server"
[package.actr_type]
manufacturer = "acme"
name = "EchoService"
`;

describe("[system.deployment] realm_secret", () => {
  it("is read from Actr.toml and absent by default", () => {
    const withSecret = parseConfig(`${BASE}\n[system.deployment]\nrealm_id = 7\nrealm_secret = "s3cret"\n`, "/app/Actr.toml", "/app");
    expect(withSecret.realmSecret).toBe("s3cret");
    expect(withSecret.realmId).toBe(7);
    expect(parseConfig(BASE, "/app/Actr.toml", "/app").realmSecret).toBeUndefined();
  });

  it("must be a non-empty string, and the error does not echo the value", () => {
    const parse = (value: string) => () => parseConfig(`${BASE}\n[system.deployment]\nrealm_secret = ${value}\n`, "/app/Actr.toml", "/app");
    expect(parse("42")).toThrow(ConfigError);
    expect(parse("42")).toThrow(/system\.deployment\.realm_secret must be a non-empty string/);
    expect(parse(`["wrong-shape-secret"]`)).toThrow(ConfigError);
    expect(parse(`["wrong-shape-secret"]`)).not.toThrow(/wrong-shape-secret/);
    expect(parse(`""`)).toThrow(/ACTR_REALM_SECRET/);
  });

  it("is replaced by ACTR_REALM_SECRET when that is set", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "Actr.toml"), `${BASE}\n[system.deployment]\nrealm_secret = "from-file"\n`);
    const previous = process.env[REALM_SECRET_ENV];
    try {
      process.env[REALM_SECRET_ENV] = "from-env";
      expect((await loadConfig(join(dir, "Actr.toml"))).realmSecret).toBe("from-env");
      process.env[REALM_SECRET_ENV] = "";
      expect((await loadConfig(join(dir, "Actr.toml"))).realmSecret).toBe("from-file");
    } finally {
      if (previous === undefined) delete process.env[REALM_SECRET_ENV];
      else process.env[REALM_SECRET_ENV] = previous;
    }
  });
});
