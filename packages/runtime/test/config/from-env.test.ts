import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ActrSystem, ConfigError, ENV } from "@actr/runtime";
import { memoryLogger, useTempDir } from "../support/temp-dir.js";

const tempDir = useTempDir();
const startDir = process.cwd();
afterEach(() => process.chdir(startDir));

describe("ActrSystem.fromEnv", () => {
  it("takes every setting from the ACTR_* variables", async () => {
    const dir = tempDir();
    const env = {
      [ENV.signalingUrl]: "ws://127.0.0.1:9999/signaling/ws",
      [ENV.realmId]: "7",
      [ENV.realmSecret]: "s3cret",
      [ENV.actorType]: "acme+Worker",
      [ENV.mailboxPath]: join(dir, "box.db"),
      [ENV.listenPort]: "0",
    };
    const system = await ActrSystem.fromEnv({ network: false, logger: memoryLogger() }, env);
    const { config } = system;
    expect(config.signaling?.url).toBe("ws://127.0.0.1:9999/signaling/ws");
    expect(config.signaling?.aisUrl).toBe("http://127.0.0.1:9999/ais");
    expect([config.realmId, config.realmSecret, config.mailboxPath, config.websocketListenPort]).toEqual([7, "s3cret", join(dir, "box.db"), 0]);
    expect([config.actrType.manufacturer, config.actrType.name]).toEqual(["acme", "Worker"]);
    await (await system.attach().start()).shutdown();
    expect(existsSync(join(dir, "box.db"))).toBe(true);
  });

  it("refuses a malformed number and names the variable", async () => {
    await expect(ActrSystem.fromEnv({ network: false }, { [ENV.realmId]: "seven" })).rejects.toThrow(ConfigError);
    await expect(ActrSystem.fromEnv({ network: false }, { [ENV.listenPort]: "70000" })).rejects.toThrow(/ACTR_LISTEN_PORT/);
  });
});

describe("ActrSystem.default without Actr.toml", () => {
  it("uses the built-in defaults: a file mailbox under .actr/ and the bundled signaling server's URL", async () => {
    const dir = tempDir();
    process.chdir(dir);
    const saved = Object.fromEntries(Object.values(ENV).map((name) => [name, process.env[name]]));
    for (const name of Object.values(ENV)) delete process.env[name];
    try {
      const system = await ActrSystem.default({ network: false, logger: memoryLogger() });
      expect(system.config.signaling?.url).toBe("ws://127.0.0.1:8081/signaling/ws");
      expect(system.config.mailboxPath).toBe(join(process.cwd(), ".actr", "mailbox.db"));
      await (await system.attach().start()).shutdown();
      expect(existsSync(join(dir, ".actr", "mailbox.db"))).toBe(true);
    } finally {
      for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
    }
  });
});
