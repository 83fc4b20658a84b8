import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFileRegistry } from "@bufbuild/protobuf";
import type { DescExtension, DescMessage } from "@bufbuild/protobuf";
import { printProto, semanticFingerprint } from "@actr/codegen";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES_DIR, fixtureCases } from "../../../scripts/fixtures-update.js";
import { compileProtos } from "../src/gen/compile-protos.js";

const tmp = mkdtempSync(join(tmpdir(), "actr-published-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Declarations the fixtures do not use.
const RICH: Readonly<Record<string, string>> = {
  "local/rich2.proto": `syntax = "proto2";
package rich.v2;
option java_package = "com.example.rich";
option optimize_for = SPEED;
message Base {
  optional string name = 1 [default = "a \\"quoted\\" name"];
  optional int32 count = 2 [default = -3, deprecated = true];
  repeated int32 packed_numbers = 3 [packed = true];
  optional Kind kind = 4 [default = KIND_B];
  required bytes blob = 5;
  enum Kind { KIND_A = 0; KIND_B = 1; KIND_C = 1; option allow_alias = true; reserved 7, 9 to 11; reserved "KIND_OLD"; }
  extensions 100 to 199, 1000 to max;
  reserved 20, 30 to 40;
  reserved "gone";
}
extend Base { optional string note = 100; }
`,
  "local/rich3.proto": `syntax = "proto3";
package rich.v3;
import "local/rich2.proto";
option go_package = "example.com/rich;rich";
message Thing {
  optional string maybe = 1;
  oneof choice { string text = 2; int64 number = 3 [json_name = "num"]; rich.v2.Base base = 4; }
  map<string, Inner> inner_by_name = 5;
  message Inner { repeated double values = 1; }
  reserved 9;
}
service Things {
  option deprecated = true;
  rpc Get(Thing) returns (Thing) { option idempotency_level = NO_SIDE_EFFECTS; }
}
`,
  // Custom options of message, repeated and map types, as googleapis writes them (google.api.http).
  "local/rules.proto": `syntax = "proto3";
package rules.v1;
import "google/protobuf/descriptor.proto";
message HttpRule {
  oneof pattern { string get = 2; string post = 4; }
  string body = 7;
  repeated HttpRule additional_bindings = 11;
  map<string, int32> weights = 12;
  bytes tag = 13;
  Level level = 14;
}
enum Level { LEVEL_UNSPECIFIED = 0; LEVEL_HIGH = 1; }
extend google.protobuf.MethodOptions {
  HttpRule http = 72295728;
  repeated string method_signature = 1051;
}
extend google.protobuf.FieldOptions { repeated Level behavior = 1052; }
message Req { string name = 1 [(behavior) = LEVEL_HIGH, (behavior) = LEVEL_UNSPECIFIED]; }
service Rules {
  rpc Get(Req) returns (Req) {
    option (http) = { get: "/v1/{name=things/*}" additional_bindings { post: "/v1/x" body: "*" } weights { key: "a\\"b" value: 2 } tag: "\\001\\377" level: LEVEL_HIGH };
    option (method_signature) = "name";
    option (method_signature) = "name,body";
  }
}
`,
};

describe.each([...fixtureCases(), "rich"])("the protos of %s, printed from their descriptors", (name) => {
  it("compile to the same descriptors (same semantic fingerprints)", async () => {
    let input = join(FIXTURES_DIR, name, "protos");
    if (name === "rich") {
      input = join(tmp, "rich-input");
      for (const [path, text] of Object.entries(RICH)) {
        mkdirSync(join(input, "local"), { recursive: true });
        writeFileSync(join(input, path), text);
      }
    }
    const compiled = await compileProtos({ input });
    const registry = createFileRegistry({ $typeName: "google.protobuf.FileDescriptorSet", file: [...compiled.files] });
    const nested = (message: DescMessage): DescExtension[] => [...message.nestedExtensions, ...message.nestedMessages.flatMap(nested)];
    const files = [...registry.files];
    const extensions = files.flatMap((file) => [...file.extensions, ...file.messages.flatMap(nested)]);
    const printed = join(tmp, name);
    cpSync(input, printed, { recursive: true });
    for (const inputFile of compiled.inputFiles) {
      const file = registry.getFile(inputFile);
      if (file === undefined) throw new Error(`${inputFile} was not compiled`);
      writeFileSync(join(printed, inputFile), printProto(file, extensions));
    }
    const again = await compileProtos({ input: printed });
    for (const inputFile of compiled.inputFiles) {
      const before = compiled.files.find((file) => file.name === inputFile);
      const after = again.files.find((file) => file.name === inputFile);
      expect(after && semanticFingerprint(after), inputFile).toBe(before && semanticFingerprint(before));
    }
  });
});
