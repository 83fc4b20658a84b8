import { describe, expect, it } from "vitest";
import { ImportSet } from "../src/model/import-set.js";
import { relativeImport, snakeCase } from "../src/model/names.js";
import { parseActrOptions } from "../src/plugin-options.js";

describe("snakeCase", () => {
  it("splits words and acronyms", () => {
    expect(snakeCase("EchoService")).toBe("echo_service");
    expect(snakeCase("HTTPServer")).toBe("http_server");
    expect(snakeCase("Idle")).toBe("idle");
  });
});

describe("relativeImport", () => {
  it("makes root-relative paths relative to the importing file", () => {
    expect(relativeImport("echo_actor.ts", "./local/echo_pb.js")).toBe("./local/echo_pb.js");
    expect(relativeImport("remote/dep/echo_client.ts", "./remote/dep/echo_pb.js")).toBe("./echo_pb.js");
    expect(relativeImport("remote/dep/echo_client.ts", "./local/a_pb.js")).toBe("../../local/a_pb.js");
    expect(relativeImport("x.ts", "@bufbuild/protobuf/wkt")).toBe("@bufbuild/protobuf/wkt");
  });
});

describe("ImportSet", () => {
  it("aliases imports that collide with declared names or earlier imports", () => {
    const imports = new ImportSet(["EchoServiceClient"]);
    expect(imports.use("Context", "@actr/runtime", true)).toBe("Context");
    expect(imports.use("Context", "./local/a_pb.js", true)).toBe("Context$1");
    expect(imports.use("EchoServiceClient", "./local/a_pb.js", true)).toBe("EchoServiceClient$1");
    expect(imports.use("Context", "@actr/runtime", true)).toBe("Context");
  });

  it("imports only names the code uses, not names in strings or comments", () => {
    const imports = new ImportSet([]);
    imports.use("Dest", "@actr/runtime", false);
    imports.use("Context", "@actr/runtime", true);
    imports.use("Caller", "@actr/runtime", true);
    const body = '/** a Context */\nconst s = `message Caller {}`;\nlet d: Dest;';
    expect(imports.statements(body)).toEqual([{ from: "@actr/runtime", typeOnly: false, names: "Dest" }]);
  });
});

describe("parseActrOptions", () => {
  it("parses every option", () => {
    const options = parseActrOptions([
      { key: "message_lib", value: "ts-proto" },
      { key: "proto_root", value: "/p" },
      { key: "scaffold", value: "./generated" },
      { key: "dependency", value: "echo-server:acme+Echo:service_semantic:ab" },
    ]);
    expect(options).toEqual({
      messageLib: "ts-proto",
      protoRoot: "/p",
      scaffold: "./generated",
      dependencies: [{ name: "echo-server", actrType: "acme+Echo", fingerprint: "service_semantic:ab" }],
    });
  });

  it("rejects unknown options and bad values with the fix", () => {
    expect(() => parseActrOptions([{ key: "lang", value: "x" }])).toThrow(/unknown option "lang".*message_lib=/);
    expect(() => parseActrOptions([{ key: "message_lib", value: "pbjs" }])).toThrow(/protobuf-es or ts-proto, got "pbjs"/);
    expect(() => parseActrOptions([{ key: "dependency", value: "echo" }])).toThrow(/<name>:<actr type>:<fingerprint>/);
  });
});
