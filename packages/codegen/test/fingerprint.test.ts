import { createHash } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import type { FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { installedProtoPath, semanticFingerprint, serviceSemanticFingerprint } from "../src/index.js";

function echoFile(overrides: { fieldNumber?: number; reorder?: boolean; name?: string; comments?: boolean } = {}): FileDescriptorProto {
  const request = { name: "EchoRequest", field: [{ name: "message", number: overrides.fieldNumber ?? 1, type: 9, jsonName: "message" }] };
  const response = { name: "EchoResponse", field: [{ name: "reply", number: 2, type: 9, jsonName: "reply" }] };
  return create(FileDescriptorProtoSchema, {
    name: overrides.name ?? "local/echo.proto",
    package: "echo",
    syntax: "proto3",
    messageType: overrides.reorder ? [response, request] : [request, response],
    service: [{ name: "EchoService", method: [{ name: "Echo", inputType: ".echo.EchoRequest", outputType: ".echo.EchoResponse" }] }],
    sourceCodeInfo: overrides.comments ? { location: [{ path: [4, 0], span: [3, 0, 5, 1], leadingComments: " hi\n" }] } : undefined,
  });
}

describe("semanticFingerprint", () => {
  it("is a semantic: sha256 hex", () => {
    expect(semanticFingerprint(echoFile())).toMatch(/^semantic:[0-9a-f]{64}$/);
  });

  it("ignores comments, declaration order, json names and the file's path", () => {
    const base = semanticFingerprint(echoFile());
    expect(semanticFingerprint(echoFile({ comments: true }))).toBe(base);
    expect(semanticFingerprint(echoFile({ reorder: true }))).toBe(base);
    expect(semanticFingerprint(echoFile({ name: "remote/echo-server/echo.proto" }))).toBe(base);
  });

  it("changes when the wire format changes", () => {
    expect(semanticFingerprint(echoFile({ fieldNumber: 7 }))).not.toBe(semanticFingerprint(echoFile()));
  });

  it("does not modify its input", () => {
    const file = echoFile({ reorder: true, comments: true });
    semanticFingerprint(file);
    expect(file.messageType[0]?.name).toBe("EchoResponse");
    expect(file.sourceCodeInfo).toBeDefined();
  });
});

describe("serviceSemanticFingerprint", () => {
  const a = { path: "echo.proto", fingerprint: "semantic:aa" };
  const b = { path: "common.proto", fingerprint: "semantic:bb" };

  it("does not depend on the order of the files", () => {
    expect(serviceSemanticFingerprint([a, b])).toBe(serviceSemanticFingerprint([b, a]));
    expect(serviceSemanticFingerprint([a, b])).toMatch(/^service_semantic:[0-9a-f]{64}$/);
  });

  it("hashes the sorted <path>:<fingerprint> lines", () => {
    const expected = createHash("sha256").update("common.proto:semantic:bb\necho.proto:semantic:aa").digest("hex");
    expect(serviceSemanticFingerprint([a, b])).toBe(`service_semantic:${expected}`);
  });
});

describe("installedProtoPath", () => {
  it("names a file after its package, and tells apart the files of a package, or without one, by its fingerprint", () => {
    const fingerprint = `semantic:0123abcd${"e".repeat(56)}`;
    expect(installedProtoPath("acme.echo.v1", fingerprint, false)).toBe("acme.echo.v1.proto");
    expect(installedProtoPath("acme.echo.v1", fingerprint, true)).toBe("acme.echo.v1.0123abcd.proto");
    expect(installedProtoPath("", fingerprint, false)).toBe("0123abcd.proto");
    expect(installedProtoPath("", "sha256:abc", false)).toBeUndefined();
    expect(installedProtoPath("acme.echo.v1", "sha256:abc", true)).toBeUndefined();
  });
});
