import { describe, expect, it } from "vitest";
import {
  IdentityFormatError,
  actrIdEquals,
  actrIdToString,
  actrTypeEquals,
  actrTypeMatches,
  actrTypeToString,
  describeActrId,
  fromBase64,
  fromHex,
  makeActrId,
  makeActrType,
  parseActrId,
  parseActrType,
  toBase64,
  toHex,
} from "@actr/protocol";

describe("ActrType text form", () => {
  it("parses manufacturer+name and keeps everything after the second + as version", () => {
    const plain = parseActrType("acme+EchoService");
    expect([plain.manufacturer, plain.name, plain.version]).toEqual(["acme", "EchoService", ""]);
    const versioned = parseActrType("acme+Echo_v-2+1.2.0+build.5");
    expect(versioned.version).toBe("1.2.0+build.5");
    expect(actrTypeToString(versioned)).toBe("acme+Echo_v-2+1.2.0+build.5");
    expect(actrTypeToString(plain)).toBe("acme+EchoService");
    expect(actrTypeToString(versioned, { version: false })).toBe("acme+Echo_v-2");
  });

  it.each([
    ["acme", /expected "manufacturer\+name"/],
    ["+Echo", /Invalid manufacturer ""/],
    ["acme+", /Invalid name ""/],
    ["ac me+Echo", /Invalid manufacturer "ac me"/],
    [`acme+${"x".repeat(33)}`, /1 to 32 letters/],
    ["acme+Echo+1 0", /Invalid version/],
  ])("rejects %j with a clear error", (text, message) => {
    expect(() => parseActrType(text)).toThrow(IdentityFormatError);
    expect(() => parseActrType(text)).toThrow(message);
  });

  it("equals compares the version strictly, matches treats an empty wanted version as a wildcard", () => {
    const v1 = makeActrType("acme", "Echo", "1");
    const v2 = makeActrType("acme", "Echo", "2");
    const any = makeActrType("acme", "Echo");
    expect(actrTypeEquals(v1, makeActrType("acme", "Echo", "1"))).toBe(true);
    expect(actrTypeEquals(v1, v2)).toBe(false);
    expect(actrTypeEquals(any, v1)).toBe(false);
    expect(actrTypeMatches(any, v1)).toBe(true);
    expect(actrTypeMatches(v1, v2)).toBe(false);
    expect(actrTypeMatches(v1, any)).toBe(false);
    expect(actrTypeMatches(any, makeActrType("acme", "Other"))).toBe(false);
  });
});

describe("ActrId text form", () => {
  const id = makeActrId(7, 0xabcdefn, makeActrType("acme", "Echo", "1.0.0"));

  it("round-trips <serial hex>@<realm>/<manufacturer>:<name>:<version>", () => {
    expect(actrIdToString(id)).toBe("abcdef@7/acme:Echo:1.0.0");
    expect(actrIdEquals(parseActrId("abcdef@7/acme:Echo:1.0.0"), id)).toBe(true);
    expect(actrIdEquals(parseActrId("ABCDEF@7/acme:Echo:1.0.0"), id)).toBe(true);
    expect(actrIdToString(parseActrId("ffffffffffffffff@4294967295/a:b:"))).toBe("ffffffffffffffff@4294967295/a:b:");
  });

  it("describes missing and incomplete ids without throwing", () => {
    expect(describeActrId(id)).toBe("abcdef@7/acme:Echo:1.0.0");
    expect(describeActrId(undefined)).toBe("no actor id");
    expect(describeActrId({ ...id, type: undefined })).toBe("an actor with an incomplete ActrId");
  });

  it("tells ids apart by serial, realm and type", () => {
    expect(actrIdEquals(id, makeActrId(7, 0xabcdeen, makeActrType("acme", "Echo", "1.0.0")))).toBe(false);
    expect(actrIdEquals(id, makeActrId(8, 0xabcdefn, makeActrType("acme", "Echo", "1.0.0")))).toBe(false);
    expect(actrIdEquals(id, makeActrId(7, 0xabcdefn, makeActrType("acme", "Echo", "1.0.1")))).toBe(false);
  });

  it.each([
    ["", /missing "@" or "\/"/],
    ["12@1acme:Echo:1", /missing "@" or "\/"/],
    ["xyz@1/acme:Echo:1", /serial is not 1 to 16 hex digits/],
    ["10000000000000000@1/acme:Echo:1", /serial/],
    ["1@4294967296/acme:Echo:1", /realm_id is not a uint32/],
    ["1@-1/acme:Echo:1", /realm_id/],
    ["1@1/acme:Echo", /manufacturer:name:version/],
    ["1@1/acme:Echo:1:2", /manufacturer:name:version/],
    ["1@1/ac!me:Echo:1", /Invalid manufacturer/],
  ])("rejects %j", (text, message) => {
    expect(() => parseActrId(text)).toThrow(message);
  });
});

describe("base64 and hex", () => {
  const bytes = new Uint8Array([0, 1, 250, 251, 252, 253, 254, 255]);

  it("round-trips and accepts the URL-safe alphabet without padding", () => {
    expect(fromBase64(toBase64(bytes), "x")).toEqual(bytes);
    expect(fromBase64(Buffer.from(bytes).toString("base64url"), "x")).toEqual(bytes);
    expect(fromHex(toHex(bytes), "x")).toEqual(bytes);
    expect(toHex(bytes)).toBe("0001fafbfcfdfeff");
  });

  it("rejects stray characters instead of skipping them", () => {
    expect(() => fromBase64("AAEC!", "claims")).toThrow('claims is not valid base64');
    expect(() => fromBase64("A", "claims")).toThrow(/base64/);
    expect(() => fromHex("abc", "id")).toThrow("id is not valid hex");
    expect(() => fromHex("zz", "id")).toThrow(/hex/);
  });
});
