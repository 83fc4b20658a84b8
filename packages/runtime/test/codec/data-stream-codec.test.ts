import { create, fromBinary, toBinary, type MessageInitShape } from "@bufbuild/protobuf";
import { DataStreamSchema } from "@actr/protocol";
import { describe, expect, it } from "vitest";
import { DecodeError } from "@actr/runtime";
import { decodeDataStream, encodeDataStream } from "../../src/codec/data-stream-codec.js";

const chunks: Record<string, MessageInitShape<typeof DataStreamSchema>> = {
  plain: { streamId: "s-1", sequence: 1n, payload: new Uint8Array([1, 2, 3]) },
  "empty payload, sequence 0": { streamId: "", sequence: 0n, payload: new Uint8Array() },
  "metadata and timestamp": { streamId: "video", sequence: 2n ** 64n - 1n, payload: new Uint8Array(70_000).fill(9), metadata: [{ key: "codec", value: "vp8" }], timestampMs: 1_700_000_000_000n },
  "zero timestamp, still present": { streamId: "s", sequence: 5n, payload: new Uint8Array([0]), timestampMs: 0n },
  "negative timestamp": { streamId: "s", sequence: 5n, payload: new Uint8Array([0]), timestampMs: -5n },
};

describe("DataStream codec", () => {
  for (const [name, init] of Object.entries(chunks)) {
    it(`encodes byte for byte like protobuf-es and reads its bytes back: ${name}`, () => {
      const chunk = create(DataStreamSchema, init);
      const expected = toBinary(DataStreamSchema, chunk);
      expect(Buffer.from(encodeDataStream(chunk)).equals(Buffer.from(expected))).toBe(true);
      const decoded = decodeDataStream(expected, "chunk");
      expect(decoded).toEqual(fromBinary(DataStreamSchema, expected));
      expect(Buffer.from(toBinary(DataStreamSchema, decoded)).equals(Buffer.from(expected))).toBe(true);
    });
  }

  it("refuses to encode a chunk without its required fields, as protobuf-es does", () => {
    const chunk = create(DataStreamSchema, { streamId: "s", payload: new Uint8Array() });
    expect(() => toBinary(DataStreamSchema, chunk)).toThrow(/required field/);
    expect(() => encodeDataStream(chunk)).toThrow(/required field sequence not set/);
  });

  it("refuses garbage and incomplete chunks with a DecodeError naming the source", () => {
    const incomplete = toBinary(DataStreamSchema, create(DataStreamSchema, { streamId: "s", sequence: 1n, payload: new Uint8Array([1]) })).subarray(0, 5);
    for (const [input, reason] of [
      [new Uint8Array([0xff, 0xff]), /premature EOF|illegal tag/],
      [incomplete, /required field payload not set/],
    ] as const) {
      expect(() => decodeDataStream(input, "STREAM_RELIABLE chunk from peer-1")).toThrow(DecodeError);
      expect(() => decodeDataStream(input, "STREAM_RELIABLE chunk from peer-1")).toThrow(reason);
    }
  });
});
