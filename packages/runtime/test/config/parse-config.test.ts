import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { AclRule_Permission } from "@actr/protocol";
import { describe, expect, it } from "vitest";
import { ConfigError } from "@actr/runtime";
import { SIGNALING_URL_ENV, loadConfig } from "@actr/runtime";
import { parseConfig, resolveConfig } from "@actr/runtime/internal";
import { useTempDir } from "../support/temp-dir.js";

const tempDir = useTempDir();
const BASE = `
[package]
name = "echo-server"
[package.actr_type]
manufacturer = "acme"
name = "EchoService"
`;

const parse = (text: string) => parseConfig(text, "/app/Actr.toml", "/app");
const failure = (text: string): string => {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
};

describe("parseConfig", () => {
  it("reads every section of Actr.toml", () => {
    const config = parse(`exports = ["protos/local/echo.proto"]
${BASE}
[dependencies]
echo-server = { actr_type = "acme+EchoService", fingerprint = "service_semantic:abc" }
users = { actr_type = "acme+Users", service = "acme.v2.UserService" }
[system.signaling]
url = "wss://signal.example:8443/signaling/ws"
[system.deployment]
realm_id = 3
[system.storage]
mailbox_path = "data/mb.db"
[system.webrtc]
stun_urls = ["stun:stun.example:3478"]
[system.websocket]
listen_port = 0
[[acl.rules]]
permission = "allow"
types = ["acme+EchoClient", "acme+Other"]
[[acl.rules]]
permission = "deny"
types = ["evil+Client"]
realm = 9
`);
    expect(config).toMatchObject({
      baseDir: "/app",
      packageName: "echo-server",
      actrType: { manufacturer: "acme", name: "EchoService", version: "0.1.0" },
      exports: ["/app/protos/local/echo.proto"],
      dependencies: [
        { name: "echo-server", actrType: { manufacturer: "acme", name: "EchoService" }, service: undefined, fingerprint: "service_semantic:abc" },
        { name: "users", actrType: { manufacturer: "acme", name: "Users" }, service: "acme.v2.UserService", fingerprint: undefined },
      ],
      signaling: { url: "wss://signal.example:8443/signaling/ws", aisUrl: "https://signal.example:8443/ais" },
      realmId: 3,
      mailboxPath: "/app/data/mb.db",
      webrtc: { stunUrls: ["stun:stun.example:3478"] },
      websocketListenPort: 0,
      websocketHost: "127.0.0.1",
      lockPath: "/app/Actr.lock.toml",
    });
    expect(config.acl?.rules.map((r) => [r.permission, r.fromType?.name, r.sourceRealm.case])).toEqual([
      [AclRule_Permission.ALLOW, "EchoClient", "anyRealm"],
      [AclRule_Permission.ALLOW, "Other", "anyRealm"],
      [AclRule_Permission.DENY, "Client", "realmId"],
    ]);
  });

  it("defaults the mailbox to a file next to Actr.toml and accepts a top-level [actr_type]", () => {
    const config = parse(`[package]\nname = "x"\n[actr_type]\nmanufacturer = "acme"\nname = "X"\nversion = "1.2.0"\n`);
    expect(config.mailboxPath).toBe("/app/.actr/mailbox.db");
    expect(config.actrType.version).toBe("1.2.0");
    expect(config.signaling).toBeUndefined();
    expect(parse(`${BASE}[system.storage]\nmailbox_path = ":memory:"\n`).mailboxPath).toBe(":memory:");
  });

  it("takes the actor type's version from [package] version, else the type table, else 0.1.0", () => {
    const withPackageVersion = BASE.replace('name = "echo-server"', 'name = "echo-server"\nversion = "2.3.4"');
    expect(parse(withPackageVersion).actrType.version).toBe("2.3.4");
    expect(parse(`${withPackageVersion}version = "2.3.4"\n`).actrType.version).toBe("2.3.4");
    expect(parse(`${BASE}version = "1.0.0"\n`).actrType.version).toBe("1.0.0");
    expect(parse(BASE).actrType.version).toBe("0.1.0");
    expect(failure(`${withPackageVersion}version = "1.0.0"\n`)).toMatch(
      /\[package\] version is "2.3.4" but package.actr_type.version is "1.0.0". Keep only \[package\] version/,
    );
    expect(failure(withPackageVersion.replace('"2.3.4"', "2"))).toMatch(/package.version must be a non-empty string. e.g. version = "0.1.0"/);
  });

  it("names the file, the key and the fix", () => {
    expect(failure(`${BASE}[system.storage]\nmailbox_pth = "x"\n`)).toMatch(/\/app\/Actr.toml: unknown key "system.storage.mailbox_pth" \(allowed here: mailbox_path\)/);
    expect(failure(`${BASE}[system.websocket]\nlisten_port = "80"\n`)).toMatch(/system.websocket.listen_port must be an integer\. e\.g\. listen_port = 0/);
    expect(failure(`${BASE}[system.websocket]\nlisten_port = 70000\n`)).toMatch(/listen_port is 70000, outside 0..65535/);
    expect(failure(`${BASE}[dependencies]\nsrv = { actr_type = "no-plus" }\n`)).toMatch(/dependencies.srv.actr_type: Invalid actor type "no-plus".*acme\+EchoService/);
    expect(failure(`${BASE}[dependencies]\nsrv = { actr_type = "acme+Users", service = "acme/UserService" }\n`)).toMatch(
      /dependencies.srv.service is "acme\/UserService", which is not a service's full name. Write it as service = "acme.v2.UserService"/,
    );
    expect(failure(`${BASE}[package.actr_type]\n`)).toMatch(/not valid TOML/);
    expect(failure(`[package]\nname = "x"\n`)).toMatch(/package.actr_type must be a table/);
    expect(failure(`${BASE}[system.signaling]\nurl = "http://x"\n`)).toMatch(/system.signaling.url uses http: but must use ws: or wss:/);
    expect(failure(`${BASE}[[acl.rules]]\npermission = "maybe"\ntypes = []\n`)).toMatch(/acl.rules\[0\].permission is "maybe". Use "allow" or "deny"/);
    expect(failure(`${BASE}[package.actr_type.x]\n`)).toMatch(/unknown key "package.actr_type.x"/);
    expect(failure(`${BASE}\n[x\n`)).toMatch(/Actr.toml:\d+:\d+: not valid TOML/);
    expect(failure(`[package]\nname = "x"\n[package.actr_type]\nmanufacturer = "a b"\nname = "X"\n`)).toMatch(/Invalid manufacturer "a b"/);
  });
});

describe("loadConfig and resolveConfig", () => {
  it("loads a file and resolves paths against its folder", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "Actr.toml"), BASE);
    const config = await loadConfig(join(dir, "Actr.toml"));
    expect(config.mailboxPath).toBe(join(dir, ".actr/mailbox.db"));
    await expect(loadConfig(join(dir, "missing.toml"))).rejects.toThrow(/missing.toml does not exist/);
  });

  it("lets ACTR_SIGNALING_URL replace [system.signaling], and names it when it is wrong", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "Actr.toml"), BASE);
    const previous = process.env[SIGNALING_URL_ENV];
    try {
      process.env[SIGNALING_URL_ENV] = "ws://127.0.0.1:9999/signaling/ws";
      const config = await loadConfig(join(dir, "Actr.toml"));
      expect(config.signaling).toEqual({ url: "ws://127.0.0.1:9999/signaling/ws", aisUrl: "http://127.0.0.1:9999/ais" });
      process.env[SIGNALING_URL_ENV] = "http://nope";
      await expect(loadConfig(join(dir, "Actr.toml"))).rejects.toThrow(/environment variable ACTR_SIGNALING_URL: .* must use ws: or wss:/);
    } finally {
      if (previous === undefined) delete process.env[SIGNALING_URL_ENV];
      else process.env[SIGNALING_URL_ENV] = previous;
    }
  });

  it("fills the same defaults for config objects and derives the registration URL", () => {
    const config = resolveConfig({ actrType: "acme+Echo", baseDir: "/srv", signaling: "ws://127.0.0.1:8081/signaling/ws" });
    expect(config).toMatchObject({ packageName: "Echo", realmId: 0, mailboxPath: "/srv/.actr/mailbox.db", signaling: { aisUrl: "http://127.0.0.1:8081/ais" } });
    expect(() => resolveConfig({ actrType: "bad" })).toThrow(ConfigError);
  });
});
