import { describe, expect, it } from "vitest";
import { snakeCase } from "../src/model/names.js";
import { parseActrOptions } from "../src/plugin-options.js";

describe("snakeCase", () => {
  it("splits words and acronyms", () => {
    expect(snakeCase("EchoService")).toBe("echo_service");
    expect(snakeCase("HTTPServer")).toBe("http_server");
    expect(snakeCase("Idle")).toBe("idle");
  });
});

describe("parseActrOptions", () => {
  it("parses every option", () => {
    const options = parseActrOptions([
      { key: "message_lib", value: "ts-proto" },
      { key: "scaffold", value: "true" },
      { key: "dependency", value: "echo-server:acme+Echo:service_semantic:ab" },
    ]);
    expect(options).toEqual({
      messageLib: "ts-proto",
      scaffold: true,
      dependencies: [{ name: "echo-server", actrType: "acme+Echo", fingerprint: "service_semantic:ab" }],
    });
  });

  it("rejects unknown options and bad values with the fix", () => {
    expect(() => parseActrOptions([{ key: "lang", value: "x" }])).toThrow(/unknown option "lang".*message_lib=/);
    expect(() => parseActrOptions([{ key: "message_lib", value: "pbjs" }])).toThrow(/protobuf-es or ts-proto, got "pbjs"/);
    expect(() => parseActrOptions([{ key: "dependency", value: "echo" }])).toThrow(/<name>:<actr type>:<fingerprint>/);
    expect(() => parseActrOptions([{ key: "scaffold", value: "./generated" }])).toThrow(/true or false, got "\.\/generated"/);
  });
});
