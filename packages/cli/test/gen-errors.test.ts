import { afterEach, describe, expect, it } from "vitest";
import { CliError, generate } from "../src/index.js";
import type { GenerateOptions } from "../src/index.js";
import { ECHO_PROTO, Project } from "./project.js";

const projects: Project[] = [];
afterEach(() => projects.splice(0).forEach((project) => project.remove()));

function project(protos: Record<string, string>, files?: Record<string, string>): Project {
  const created = new Project(protos, files);
  projects.push(created);
  return created;
}

/** Runs gen, expects a CliError matching `message`, and checks that no file changed. */
async function expectFailure(p: Project, message: RegExp, options: Partial<GenerateOptions> = {}): Promise<string> {
  const before = p.snapshot();
  const error = await generate({ input: p.input, output: p.output, ...options }).then(
    () => undefined,
    (cause: unknown) => cause,
  );
  expect(error).toBeInstanceOf(CliError);
  const text = (error as Error).message;
  expect(text).toMatch(message);
  expect(p.snapshot()).toEqual(before);
  return text;
}

describe("actr gen on bad input", () => {
  it("names a missing input folder", async () => {
    const p = project({});
    await expectFailure(p, /Input folder .*nope does not exist; pass --input/, { input: `${p.root}/nope` });
  });

  it("rejects a language other than typescript", async () => {
    await expectFailure(project({ "local/echo.proto": ECHO_PROTO }), /Unsupported --language "python"/, { language: "python" });
  });

  it("points at file:line:col of a syntax error", async () => {
    const p = project({ "local/echo.proto": ECHO_PROTO.replace("string reply = 1;", "string reply = ;") });
    await expectFailure(p, new RegExp(`${p.input}/local/echo\\.proto:7:\\d+:`));
  });

  it("names an import that does not resolve", async () => {
    const p = project({ "local/echo.proto": ECHO_PROTO.replace("package echo;", 'package echo;\nimport "local/missing.proto";') });
    await expectFailure(p, new RegExp(`${p.input}/local/echo\\.proto:3:\\d+:imported file "local/missing\\.proto" does not exist`));
  });

  it("rejects a duplicate route key (the same service declared twice)", async () => {
    const p = project({ "local/echo.proto": ECHO_PROTO, "local/echo_copy.proto": 'syntax = "proto3";\npackage echo;\nservice EchoService {}\n' });
    await expectFailure(p, new RegExp(`${p.input}/local/echo(_copy)?\\.proto:3:9:\`EchoService\` declared multiple times`));
  });

  it("refuses, with ts-proto, a message that hides a global ts-proto's code uses", async () => {
    const p = project({ "local/echo.proto": ECHO_PROTO.replace("message EchoResponse {", "message Uint8Array {}\n\nmessage EchoResponse {") });
    await expectFailure(p, /local\/echo\.proto:\d+:\d+: message echo\.Uint8Array hides the JavaScript global Uint8Array in ts-proto's code.*--message-lib protobuf-es/, {
      messageLib: "ts-proto",
    });
  });

  it("names an unknown option", async () => {
    const p = project({
      "local/echo.proto": ECHO_PROTO.replace("package echo;", 'package echo;\nimport "actr/options.proto";').replace(
        "returns (EchoResponse);",
        "returns (EchoResponse) { option (actr.payload_typ) = RPC_SIGNAL; }",
      ),
    });
    await expectFailure(p, /local\/echo\.proto:5:\d+:.*actr\.payload_typ/);
  });

  it("rejects a payload type that is not an rpc lane", async () => {
    const p = project({
      "local/echo.proto": ECHO_PROTO.replace("package echo;", 'package echo;\nimport "actr/options.proto";').replace(
        "returns (EchoResponse);",
        "returns (EchoResponse) { option (actr.payload_type) = STREAM_RELIABLE; }",
      ),
    });
    await expectFailure(p, /local\/echo\.proto:5:3: echo\.EchoService\.Echo sets \(actr\.payload_type\) = STREAM_RELIABLE.*RPC_SIGNAL/);
  });

  it("names a streaming rpc by file, service and method when ts-proto, which has no streaming descriptors, writes the messages", async () => {
    const p = project({ "local/echo.proto": ECHO_PROTO.replace("rpc Echo(EchoRequest)", "rpc Echo(stream EchoRequest)") });
    await expectFailure(p, new RegExp(`${p.input}/local/echo\\.proto:4:3: echo\\.EchoService\\.Echo is a client streaming rpc; streaming rpcs need --message-lib protobuf-es`), { messageLib: "ts-proto" });
  });

  it("rejects a remote file without a lock file entry", async () => {
    const p = project({ "remote/echo-server/echo.proto": ECHO_PROTO });
    await expectFailure(p, /remote\/echo-server\/echo\.proto: there is no .*Actr\.lock\.toml; .*actr install/);
  });

  it("rejects a remote file that the lock file does not list", async () => {
    const lock = `[metadata]\nversion = 1\ngenerated_at = "2025-01-01T00:00:00Z"\n\n[[dependency]]\nname = "echo-server"\nactr_type = "acme+Echo"\nfingerprint = "service_semantic:${"0".repeat(64)}"\n\n[[dependency.files]]\npath = "echo-server/other.proto"\nfingerprint = "semantic:${"0".repeat(64)}"\n`;
    const p = project({ "remote/echo-server/echo.proto": ECHO_PROTO }, { "Actr.lock.toml": lock });
    await expectFailure(p, /remote\/echo-server\/echo\.proto: it has no entry in .*Actr\.lock\.toml/);
  });

  it("rejects rpc names that clash with handler hooks or each other", async () => {
    const hook = project({ "local/echo.proto": ECHO_PROTO.replace("rpc Echo(", "rpc OnStart(") });
    await expectFailure(hook, /echo\.EchoService\.OnStart clashes with the handler hook onStart\(\)/);
    const twins = project({
      "local/echo.proto": ECHO_PROTO.replace("rpc Echo(EchoRequest) returns (EchoResponse);", "rpc Echo(EchoRequest) returns (EchoResponse);\n  rpc echo(EchoRequest) returns (EchoResponse);"),
    });
    await expectFailure(twins, /EchoService\.echo and Echo both become the client member echo\(\)/);
  });

  it("rejects a --config that does not exist", async () => {
    const p = project({ "local/echo.proto": ECHO_PROTO });
    await expectFailure(p, /Config file .*missing\.toml does not exist/, { config: `${p.root}/missing.toml` });
  });
});
