import { join } from "node:path";
import Database from "better-sqlite3";
import { fromBinary } from "@bufbuild/protobuf";
import { Direction, RpcEnvelopeSchema } from "@actr/protocol";
import { describe, expect, it } from "vitest";
import { PayloadType, SqliteMailbox } from "@actr/runtime";
import { Origin } from "@actr/runtime/internal";
import { decodeRpcEnvelope } from "../../src/codec/rpc-envelope-codec.js";
import { decodeLineage, encodeRequest, encodeTell } from "../../src/outbound/rpc-envelopes.js";
import { openMetadata, readOpen } from "../../src/streaming/stream-wire.js";
import { childSpan, formatTraceparent, parseTraceparent } from "../../src/tracing/trace-context.js";
import { memoryLogger, useTempDir } from "../support/temp-dir.js";

const tempDir = useTempDir();
const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

describe("W3C trace context", () => {
  it("parses and formats traceparent, refusing invalid ones", () => {
    const parsed = parseTraceparent(TRACEPARENT, "vendor=abc");
    expect(parsed).toEqual({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7", flags: 1, tracestate: "vendor=abc" });
    expect(formatTraceparent(parsed!)).toBe(TRACEPARENT);
    expect(parseTraceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).toBeUndefined();
    expect(parseTraceparent("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).toBeUndefined();
    expect(parseTraceparent("garbage")).toBeUndefined();
    const child = childSpan(parsed);
    expect([child.traceId, child.tracestate]).toEqual([parsed!.traceId, "vendor=abc"]);
    expect(child.spanId).not.toBe(parsed!.spanId);
  });

  it("travels in RpcEnvelope fields 100/101 of requests and tells, with the waiting actors in metadata", () => {
    const lineage = { trace: parseTraceparent(TRACEPARENT, "vendor=abc"), waiting: ["1@1/acme:A:", "2@1/acme:B:"] };
    const request = fromBinary(RpcEnvelopeSchema, encodeRequest("r1", "t.S.M", new Uint8Array([1]), 1000, lineage));
    expect([request.traceparent, request.tracestate]).toEqual([TRACEPARENT, "vendor=abc"]);
    expect(decodeLineage(decodeRpcEnvelope(encodeRequest("r1", "t.S.M", new Uint8Array(), 1000, lineage), () => "test"))).toEqual(lineage);
    const tell = fromBinary(RpcEnvelopeSchema, encodeTell("t1", "t.S.M", new Uint8Array(), { trace: lineage.trace }));
    expect(tell.traceparent).toBe(TRACEPARENT);
    expect(tell.metadata).toEqual([]);
    expect(decodeRpcEnvelope(encodeTell("t2", "t.S.M", new Uint8Array()), () => "test").traceparent).toBeUndefined();
    // The request that opens a streaming call carries both its lineage and the stream's entries.
    const open = decodeRpcEnvelope(encodeRequest("s1", "t.S.M", new Uint8Array(), 1000, lineage, openMetadata("bidi_streaming", 16)), () => "test");
    expect(decodeLineage(open)).toEqual(lineage);
    expect(readOpen(open.metadata)).toEqual({ kind: "bidi_streaming", window: 16 });
  });

  it("is kept with a remote message in the SQLite mailbox, across a reopen", () => {
    const path = join(tempDir(), "m.db");
    const lineage = { trace: parseTraceparent(TRACEPARENT, undefined), waiting: ["1@1/acme:A:"] };
    const first = SqliteMailbox.open(path, memoryLogger());
    first.enqueue({ kind: Direction.REQUEST, origin: Origin.Remote, sender: new Uint8Array([1]), requestId: "r", routeKey: "t.S.M", payload: new Uint8Array(), payloadType: PayloadType.RPC_RELIABLE, timeoutMs: 0, lineage });
    first.flush();
    first.close();
    const second = SqliteMailbox.open(path, memoryLogger());
    expect(second.claim()?.lineage).toEqual(lineage);
    second.close();
  });

  it("adds the lineage column to a mailbox made before it", () => {
    const path = join(tempDir(), "old.db");
    const db = new Database(path);
    db.exec(`CREATE TABLE messages (seq INTEGER PRIMARY KEY, priority INTEGER NOT NULL, kind INTEGER NOT NULL, origin INTEGER NOT NULL, sender BLOB,
      request_id TEXT NOT NULL, route_key TEXT NOT NULL, payload BLOB NOT NULL, payload_type INTEGER NOT NULL, timeout_ms INTEGER NOT NULL, received_at INTEGER NOT NULL)`);
    db.prepare("INSERT INTO messages VALUES (1, 0, ?, 2, NULL, 'old', 't.S.M', x'', 0, 0, 0)").run(Direction.TELL);
    db.close();
    const mailbox = SqliteMailbox.open(path, memoryLogger());
    const claimed = mailbox.claim();
    expect([claimed?.requestId, claimed?.lineage]).toEqual(["old", undefined]);
    mailbox.close();
  });
});
