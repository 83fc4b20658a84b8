import { rmSync } from "node:fs";
import { join } from "node:path";
import { semanticFingerprint, serviceSemanticFingerprint } from "@actr/codegen";
import { create } from "@bufbuild/protobuf";
import { makeActrType, RealmSchema, RegisterRequestSchema, ServiceSpecSchema } from "@actr/protocol";
import { COMPAT_LOCK_VERSION, formatCompatLock, formatLockFile, LOCK_FILE_VERSION, register } from "@actr/runtime/internal";
import { silentLogger, startSignalingServer } from "@actr/signaling";
import { afterEach, describe, expect, it, vi } from "vitest";
import { checkProject } from "../src/check/check-project.js";
import { compileProtos, main } from "../src/index.js";
import { ECHO_PROTO, Project } from "./project.js";

const ACTR_TOML = `exports = ["protos/local/echo.proto"]
[package]
name = "echo-client"
[package.actr_type]
manufacturer = "acme"
name = "EchoClient"
[dependencies]
echo-server = { actr_type = "acme+EchoService" }
`;

const REMOTE_PROTO = ECHO_PROTO.replace("package echo;", "package remote_echo;");

const projects: Project[] = [];
afterEach(() => {
  projects.splice(0).forEach((project) => project.remove());
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** A client actor with its own service, one dependency and a lock file that matches the remote proto. */
async function goodProject(): Promise<Project> {
  const project = new Project({ "local/echo.proto": ECHO_PROTO, "remote/echo-server/remote_echo.proto": REMOTE_PROTO }, { "Actr.toml": ACTR_TOML });
  projects.push(project);
  const compiled = await compileProtos({ input: join(project.input, "remote/echo-server") });
  const files = [{ path: "echo-server/remote_echo.proto", fingerprint: semanticFingerprint(compiled.files.find((file) => file.name === "remote_echo.proto")!) }];
  const lock = formatLockFile({
    version: LOCK_FILE_VERSION,
    generatedAt: "2025-01-01T00:00:00Z",
    dependencies: [{ name: "echo-server", actrType: "acme+EchoService", fingerprint: serviceSemanticFingerprint(files), files }],
  });
  project.write("Actr.lock.toml", lock);
  return project;
}

async function problems(project: Project): Promise<readonly string[]> {
  const report = await checkProject({ config: join(project.root, "Actr.toml") });
  return report.ok ? [] : report.problems;
}

describe("actr check", () => {
  it("reports what compat.lock.toml holds, and a stale entry as stale", async () => {
    const project = await goodProject();
    const pinned = project.read("Actr.lock.toml").match(/fingerprint = "(service_semantic:[0-9a-f]+)"/)![1]!;
    const other = `service_semantic:${"b".repeat(64)}`;
    const entry = (locked: string) => ({ name: "echo-server", actrType: "acme+EchoService", lockedFingerprint: locked, resolvedFingerprint: other, recordedAt: "2026-01-01T00:00:00.000Z" });
    project.write("compat.lock.toml", formatCompatLock({ version: COMPAT_LOCK_VERSION, negotiations: [entry(pinned)] }));
    const report = await checkProject({ config: join(project.root, "Actr.toml") });
    expect(report.ok && report.compat).toEqual([expect.stringMatching(new RegExp(`echo-server \\(acme\\+EchoService\\) runs with ${other} instead of ${pinned} .*actr install`))]);
    project.write("compat.lock.toml", formatCompatLock({ version: COMPAT_LOCK_VERSION, negotiations: [entry(other)] }));
    const stale = await checkProject({ config: join(project.root, "Actr.toml") });
    expect(stale.ok && stale.compat?.[0]).toMatch(/stale: Actr\.lock\.toml pins another fingerprint/);
    project.write("compat.lock.toml", "not toml [");
    expect((await problems(project))[0]).toContain("compat.lock.toml");
  });

  it("passes a good project with a one-line summary, and writes nothing", async () => {
    const project = await goodProject();
    const before = project.snapshot();
    const report = await checkProject({ config: join(project.root, "Actr.toml") });
    expect(report).toEqual({ ok: true, summary: expect.stringMatching(/^acme\+EchoClient\+0\.1\.0, 2 protos in .*protos, 1 locked dependency in \d+ ms$/) });
    expect(project.snapshot()).toEqual(before);
  });

  it("names an unknown Actr.toml key", async () => {
    const project = await goodProject();
    project.write("Actr.toml", ACTR_TOML.replace("[package]\n", "[package]\nversion = 2\n"));
    const found = await problems(project);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`${project.root}/Actr.toml`);
    expect(found[0]).toMatch(/package\.version/);
  });

  it("names the file, line and column of a proto syntax error", async () => {
    const project = await goodProject();
    project.write("protos/local/echo.proto", ECHO_PROTO.replace("string reply = 1;", "string reply = ;"));
    const found = await problems(project);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`${project.input}/local/echo\\.proto:\\d+:\\d+`));
  });

  it("names a remote file without a lock entry", async () => {
    const project = await goodProject();
    project.write("protos/remote/echo-server/extra.proto", 'syntax = "proto3";\npackage extra;\nmessage Extra {}\n');
    expect(await problems(project)).toEqual([
      `${project.input}/remote/echo-server/extra.proto: it has no entry in ${project.root}/Actr.lock.toml; ` +
        "declare its actor in [dependencies] of Actr.toml and run `actr install`",
    ]);
  });

  it("reports a remote file whose fingerprint no longer matches the lock as stale", async () => {
    const project = await goodProject();
    project.write("protos/remote/echo-server/remote_echo.proto", REMOTE_PROTO.replace("string reply = 1;", "string reply = 1;\n  int32 count = 2;"));
    expect(await problems(project)).toEqual([
      `${project.input}/remote/echo-server/remote_echo.proto: stale, it no longer matches its fingerprint in ` +
        `${project.root}/Actr.lock.toml; run \`actr install\` to fetch it again`,
    ]);
  });

  it("names a locked file that is gone and an export that does not exist", async () => {
    const project = await goodProject();
    rmSync(join(project.input, "remote/echo-server/remote_echo.proto"));
    project.write("Actr.toml", ACTR_TOML.replace("protos/local/echo.proto", "protos/local/missing.proto"));
    expect(await problems(project)).toEqual([
      `${project.root}/Actr.toml: exports lists protos/local/missing.proto, which does not exist; fix the path or create the file`,
      `${project.input}/remote/echo-server/remote_echo.proto: locked in ${project.root}/Actr.lock.toml but missing; run \`actr install\``,
    ]);
  });

  it("does not call a comment-only change stale", async () => {
    const project = await goodProject();
    project.write("protos/remote/echo-server/remote_echo.proto", `// A comment.\n${REMOTE_PROTO}`);
    expect(await problems(project)).toEqual([]);
  });

  it("lists every problem at once from the command line and exits 1", async () => {
    const project = await goodProject();
    project.write("Actr.toml", ACTR_TOML.replace("[dependencies]\n", "[dependencies]\nother = { actr_type = \"acme+Other\" }\n"));
    project.write("protos/local/echo.proto", "syntax = \"proto3\";\nmessage {\n");
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    await main(["node", "actr", "check", "--config", join(project.root, "Actr.toml")]);
    expect(process.exitCode).toBe(1);
    const output = String(error.mock.calls[0]?.[0]);
    expect(output).toMatch(/^actr: check found 2 problems:\n {2}- /);
    expect(output).toContain("[dependencies] other: not locked in");
    expect(output).toContain(`${project.input}/local/echo.proto:2:`);
  });

  it("prints OK from the command line", async () => {
    const project = await goodProject();
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await main(["node", "actr", "check", "--config", join(project.root, "Actr.toml"), "--input", project.input]);
    expect(process.exitCode).toBeUndefined();
    expect(log.mock.calls[0]?.[0]).toMatch(/^actr check: OK: acme\+EchoClient\+0\.1\.0, 2 protos/);
  });
});

describe("actr check against the signaling server", () => {
  /** Registers acme+EchoService publishing `proto` as its spec; the latest registration's spec wins. */
  const publish = (aisUrl: string, proto: string) =>
    register(
      aisUrl,
      create(RegisterRequestSchema, {
        actrType: makeActrType("acme", "EchoService", "0.1.0"),
        realm: create(RealmSchema, { realmId: 0 }),
        serviceSpec: create(ServiceSpecSchema, { name: "echo-server", fingerprint: "", protobufs: [{ package: "remote_echo", content: proto, fingerprint: "" }] }),
      }),
      5_000,
    );

  it("compares the lock with the specs the server holds now and names the dependency and file that changed", async () => {
    const server = await startSignalingServer({ port: 0, logger: silentLogger });
    try {
      const project = await goodProject();
      project.write("Actr.toml", `${ACTR_TOML}[system.signaling]\nurl = "${server.wsUrl}"\n`);
      await publish(server.aisUrl, `// The same service, reformatted.\n${REMOTE_PROTO}`);
      const report = await checkProject({ config: join(project.root, "Actr.toml") });
      expect(report).toEqual({ ok: true, summary: expect.stringContaining(`1 locked dependency; 1 of 1 locked dependency compared with ${server.wsUrl} in `) });

      await publish(server.aisUrl, REMOTE_PROTO.replace("string reply = 1;", "string reply = 1;\n  int32 count = 2;"));
      expect(await problems(project)).toEqual([
        `[dependencies] echo-server: acme+EchoService on the signaling server at ${server.wsUrl} changed since ${project.root}/Actr.lock.toml ` +
          "was written (changed echo-server/remote_echo.proto); run `actr install`, then `actr gen`",
      ]);
    } finally {
      await server.close();
    }
  });

  it("passes with a note when the server is unreachable or the dependency is not registered", async () => {
    const server = await startSignalingServer({ port: 0, logger: silentLogger });
    const project = await goodProject();
    project.write("Actr.toml", `${ACTR_TOML}[system.signaling]\nurl = "${server.wsUrl}"\n`);
    try {
      const report = await checkProject({ config: join(project.root, "Actr.toml") });
      expect(report).toEqual({ ok: true, summary: expect.stringContaining("0 of 1 locked dependency compared with ws://127.0.0.1:") });
      expect(report.ok && report.summary).toContain("(not registered there now: echo-server)");
    } finally {
      await server.close();
    }
    const offline = await checkProject({ config: join(project.root, "Actr.toml") });
    expect(offline).toEqual({ ok: true, summary: expect.stringMatching(/; signaling server not reachable, lock not compared with it \(Cannot reach the signaling server at /) });
  });
});
