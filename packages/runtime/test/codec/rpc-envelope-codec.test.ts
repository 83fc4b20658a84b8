import { create, fromBinary, toBinary, type MessageInitShape } from "@bufbuild/protobuf";
import { Direction, RpcEnvelopeSchema } from "@actr/protocol";
import { describe, expect, it } from "vitest";
import { DecodeError } from "@actr/runtime";
import { decodeRpcEnvelope, encodeRpcEnvelope, type RpcEnvelopeData } from "../../src/codec/rpc-envelope-codec.js";

const uuid = "0b9f5c2e-4a8d-4c1e-9f3a-2d7c8b6e5a41";
const bytes = (n: number, fill = 7): Uint8Array => new Uint8Array(n).fill(fill);

const envelopes: Record<string, RpcEnvelopeData> = {
  request: { routeKey: "echo.EchoService.Echo", payload: bytes(16), direction: Direction.REQUEST, requestId: uuid, timeoutMs: 30_000n },
  "response with payload": { routeKey: "echo.EchoService.Echo", payload: bytes(3), direction: Direction.RESPONSE, requestId: uuid, timeoutMs: 0n },
  "response with error": { routeKey: "a.B.C", error: { code: 10004, message: "caller may not do this" }, direction: Direction.RESPONSE, requestId: uuid, timeoutMs: 0n },
  "error with a large code and non-ASCII message": { routeKey: "a.B.C", error: { code: 0xffff_ffff, message: "ümlaut ✓ 🚀" }, direction: Direction.RESPONSE, requestId: uuid, timeoutMs: 0n },
  tell: { routeKey: "a.B.Tell", payload: bytes(1), direction: Direction.TELL, requestId: uuid, timeoutMs: 0n },
  "empty payload": { routeKey: "a.B.C", payload: new Uint8Array(), direction: Direction.REQUEST, requestId: uuid, timeoutMs: 1n },
  "no payload, no direction": { routeKey: "a.B.C", requestId: uuid, timeoutMs: 5n },
  metadata: { routeKey: "a.B.C", payload: bytes(2), direction: Direction.REQUEST, requestId: uuid, metadata: [{ key: "k", value: "v" }, { key: "", value: "" }, { key: "ключ", value: "x".repeat(300) }], timeoutMs: 30_000n },
  "empty metadata list": { routeKey: "a.B.C", requestId: uuid, metadata: [], timeoutMs: 1n },
  "trace fields": { routeKey: "a.B.C", payload: bytes(4), direction: Direction.REQUEST, traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", tracestate: "congo=t61rcWkgMzE", requestId: uuid, timeoutMs: 30_000n },
  "empty trace fields": { routeKey: "a.B.C", traceparent: "", tracestate: "", requestId: "", timeoutMs: 0n },
  "large payload": { routeKey: "a.B.C", payload: bytes(3 * 1024 * 1024, 0xab), direction: Direction.REQUEST, requestId: uuid, timeoutMs: 30_000n },
  "negative and huge timeouts": { routeKey: "a.B.C", requestId: uuid, timeoutMs: -1n },
  "int64 max timeout": { routeKey: "a.B.C", requestId: uuid, timeoutMs: 2n ** 63n - 1n },
  "beyond 2^53 timeout": { routeKey: "a.B.C", requestId: uuid, timeoutMs: 2n ** 60n + 3n },
  "lone surrogate in route key": { routeKey: "a\ud800b", requestId: uuid, timeoutMs: 1n },
};

/** What protobuf-es makes of the same fields. */
function reference(envelope: RpcEnvelopeData): Uint8Array {
  return toBinary(RpcEnvelopeSchema, create(RpcEnvelopeSchema, envelope as MessageInitShape<typeof RpcEnvelopeSchema>));
}

describe("RpcEnvelope codec", () => {
  for (const [name, envelope] of Object.entries(envelopes)) {
    it(`encodes byte for byte like protobuf-es and reads its bytes back: ${name}`, () => {
      const expected = reference(envelope);
      expect(Buffer.from(encodeRpcEnvelope(envelope)).equals(Buffer.from(expected))).toBe(true);

      const decoded = decodeRpcEnvelope(expected, "test envelope");
      const es = fromBinary(RpcEnvelopeSchema, expected);
      expect(decoded.routeKey).toBe(es.routeKey);
      expect(decoded.requestId).toBe(es.requestId);
      expect(decoded.timeoutMs).toBe(es.timeoutMs);
      expect(decoded.direction ?? Direction.UNSPECIFIED).toBe(es.direction);
      expect(decoded.traceparent ?? "").toBe(es.traceparent);
      expect(decoded.tracestate ?? "").toBe(es.tracestate);
      expect(Buffer.from(decoded.payload ?? []).equals(Buffer.from(es.payload))).toBe(true);
      expect(decoded.error).toEqual(es.error === undefined ? undefined : { code: es.error.code, message: es.error.message });
      expect(decoded.metadata ?? []).toEqual(es.metadata.map(({ key, value }) => ({ key, value })));
      // Re-encoding what was read gives the same bytes: presence survives the round trip.
      expect(Buffer.from(encodeRpcEnvelope(decoded)).equals(Buffer.from(expected))).toBe(true);
    });
  }

  it("skips unknown fields of every wire type, takes the last of a repeated field and merges a repeated error", () => {
    const base = reference(envelopes["request"]!);
    const extra = new Uint8Array([
      (5 << 3) | 0, 0x96, 0x01, // varint
      (6 << 3) | 1, 1, 2, 3, 4, 5, 6, 7, 8, // fixed64
      (7 << 3) | 2, 2, 0xff, 0xfe, // length-delimited
      (8 << 3) | 5, 1, 2, 3, 4, // fixed32
      (9 << 3) | 3, (1 << 3) | 0, 1, (9 << 3) | 4, // group
    ]);
    const later = reference({ routeKey: "later.Route.Key", error: { code: 1, message: "first" }, requestId: "r2", timeoutMs: 9n });
    const errorAgain = Buffer.concat([Buffer.from([0x1a, 8, 0x12, 6]), Buffer.from("second")]); // error { message: "second" }
    const joined = Buffer.concat([base, extra, later, errorAgain]);
    const es = fromBinary(RpcEnvelopeSchema, joined);
    const ours = decodeRpcEnvelope(joined, "joined");
    expect(ours.routeKey).toBe("later.Route.Key");
    expect(ours.requestId).toBe(es.requestId);
    expect(ours.error).toEqual({ code: es.error?.code, message: es.error?.message });
    expect(ours.error).toEqual({ code: 1, message: "second" });
  });

  it("reads a direction outside the enum as absent, as protobuf-es reads it as unspecified", () => {
    const input = reference({ routeKey: "a.B.C", requestId: uuid, direction: 7 as Direction, timeoutMs: 1n });
    expect(fromBinary(RpcEnvelopeSchema, input).direction).toBe(Direction.UNSPECIFIED);
    expect(decodeRpcEnvelope(input, "odd").direction).toBeUndefined();
  });

  it("refuses garbage with a DecodeError that names the source and the reason", () => {
    const cases: [string, Uint8Array, RegExp][] = [
      ["no required fields", new Uint8Array(), /required field route_key not set/],
      ["bad tag", new Uint8Array([0x00]), /illegal tag/],
      ["truncated length", new Uint8Array([0x0a, 0x05, 0x61]), /premature EOF/],
      ["wire type 7", new Uint8Array([0x0f]), /illegal tag/],
      ["0xff run", new Uint8Array([0xff, 0xff, 0xff]), /not a valid actr.RpcEnvelope/],
      ["missing request_id", reference({ routeKey: "a", requestId: "x", timeoutMs: 1n }).subarray(0, 3), /required field request_id not set/],
      ["error without message", Buffer.concat([reference({ routeKey: "a", requestId: "r", timeoutMs: 1n }), Buffer.from([0x1a, 0x02, 0x08, 0x01])]), /required field error.message not set/],
    ];
    for (const [name, input, reason] of cases) {
      const error = (() => {
        try {
          decodeRpcEnvelope(input, "RPC_RELIABLE message from peer-1");
          return undefined;
        } catch (e) {
          return e;
        }
      })();
      expect(error, name).toBeInstanceOf(DecodeError);
      expect((error as Error).message, name).toMatch(/^RPC_RELIABLE message from peer-1 is not a valid actr\.RpcEnvelope: /);
      expect((error as Error).message, name).toMatch(reason);
    }
  });

  it("accepts what protobuf-es accepts and refuses what it refuses, over random bytes", () => {
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const valid = reference(envelopes["metadata"]!);
    for (let i = 0; i < 2000; i++) {
      // Mutations of a valid envelope reach deeper than pure noise.
      const input = Uint8Array.from(valid.subarray(0, Math.floor(random() * valid.length) + 1));
      for (let j = 0; j < 3; j++) input[Math.floor(random() * input.length)] = Math.floor(random() * 256);
      let esOk = true;
      try {
        toBinary(RpcEnvelopeSchema, fromBinary(RpcEnvelopeSchema, input));
      } catch {
        esOk = false;
      }
      let oursOk = true;
      try {
        decodeRpcEnvelope(input, "fuzz");
      } catch (error) {
        expect(error).toBeInstanceOf(DecodeError);
        oursOk = false;
      }
      expect(oursOk, Buffer.from(input).toString("hex")).toBe(esOk);
    }
  });
});
