import { afterEach, describe, expect, it } from "vitest";
import { actrIdToString } from "@actr/protocol";
import { PayloadType } from "../../src/common/payload-type.js";
import { runnableEngines } from "./test-engine.js";
import { testId } from "../network/peer-fixture.js";
import { recordingEngine, testEnd, until, type TestEnd } from "./connector-fixture.js";
import { RelayHub } from "./relay-hub.js";

const text = (data: Uint8Array): string => new TextDecoder().decode(data);
const bytes = (value: string): Uint8Array => new TextEncoder().encode(value);

describe.each(await runnableEngines())("WebRTC connector on $name", ({ engine }) => {
  let ends: TestEnd[] = [];

  afterEach(() => {
    for (const end of ends) end.connector.close();
    ends = [];
  });

  async function pair(): Promise<[TestEnd, TestEnd]> {
    const hub = new RelayHub();
    const low = testEnd(hub, testId(1n, "Low"), engine);
    const high = testEnd(hub, testId(2n, "High"), engine);
    ends.push(low, high);
    return [low, high];
  }

  it("reassembles envelopes of 1 MB and 16 MB", async () => {
    const [low, high] = await pair();
    const wire = await low.connector.connect(high.id);
    const sizes = [1024 * 1024, 16 * 1024 * 1024];
    for (const size of sizes) {
      const data = new Uint8Array(size);
      for (let i = 0; i < size; i += 4096) data[i] = (i / 4096) & 0xff;
      data[size - 1] = 7;
      await wire.lane(PayloadType.STREAM_RELIABLE).send(data);
    }
    await until(() => high.arrivals.length === 2, 60_000);
    for (const [index, size] of sizes.entries()) {
      const got = high.arrivals[index]!.data;
      expect(got.byteLength).toBe(size);
      expect(got[size - 1]).toBe(7);
      expect(got[4096 * 200]).toBe(200);
    }
  }, 90_000);

  it("delivers a burst of 10,000 messages sent at once, keeping the engine's queue bounded", async () => {
    const hub = new RelayHub();
    // The larger serial offers and so creates the channels the recording engine sees.
    const recording = recordingEngine(engine);
    const high = testEnd(hub, testId(2n, "High"), recording);
    const low = testEnd(hub, testId(1n, "Low"), engine);
    ends.push(low, high);
    let peak = 0;
    const wire = await high.connector.connect(low.id);
    // libdatachannel may reorder messages that reach a channel before its receiver is attached.
    await until(() => low.inbound.length === 1);
    const lane = wire.lane(PayloadType.RPC_RELIABLE);
    const sends: Promise<void>[] = [];
    for (let i = 0; i < 10_000; i++) {
      const data = new Uint8Array(200);
      new DataView(data.buffer).setUint32(0, i);
      sends.push(lane.send(data));
      peak = Math.max(peak, ...recording.channels.map((channel) => channel.bufferedAmount));
    }
    await Promise.all(sends);
    await until(() => low.arrivals.length === 10_000, 120_000);
    expect(low.arrivals.map((a) => new DataView(a.data.buffer, a.data.byteOffset).getUint32(0))).toEqual([...Array(10_000).keys()]);
    expect(peak).toBeLessThanOrEqual(engine.sendWindowBytes + 65_535);
  }, 150_000);

  it("holds the offerer's ICE candidates back until the answer has come, so no handshake can start before the offerer knows the answer's certificate", async () => {
    const hub = new RelayHub();
    const low = testEnd(hub, testId(1n, "Low"), engine);
    const high = testEnd(hub, testId(2n, "High"), engine);
    ends.push(low, high);
    // The larger serial offers.
    const sent: string[] = [];
    hub.tap = (source, _target, payload) => {
      const from = source.serialNumber === high.id.serialNumber ? "offerer" : "answerer";
      if (payload.case === "iceCandidate" || payload.case === "sessionDescription") sent.push(`${from} ${payload.case}`);
      return true;
    };
    await high.connector.connect(low.id);
    const answer = sent.indexOf("answerer sessionDescription");
    const offererCandidates = sent.flatMap((entry, index) => (entry === "offerer iceCandidate" ? [index] : []));
    expect(answer).toBeGreaterThan(0);
    expect(offererCandidates.length).toBeGreaterThan(0);
    expect(Math.min(...offererCandidates)).toBeGreaterThan(answer);
  });

  it("sends on every lane the moment it opens as the answerer, on the offerer's channels, creating none of its own", async () => {
    const hub = new RelayHub();
    const recording = recordingEngine(engine);
    // The larger serial offers: Low answers.
    const low = testEnd(hub, testId(1n, "Low"), recording);
    const high = testEnd(hub, testId(2n, "High"), engine);
    ends.push(low, high);
    const wire = await low.connector.connect(high.id);
    const lanes = [PayloadType.RPC_RELIABLE, PayloadType.RPC_SIGNAL, PayloadType.STREAM_RELIABLE, PayloadType.STREAM_LATENCY_FIRST];
    await Promise.all(lanes.map((payloadType) => wire.lane(payloadType).send(bytes(`lane ${payloadType}`))));
    await until(() => high.arrivals.length === lanes.length);
    expect(high.arrivals.map((a) => a.payloadType).sort()).toEqual(lanes);
    expect(recording.channels).toEqual([]);
  });

  it.each([
    ["the offerer", 1],
    ["the answerer", 0],
  ])("dials as %s and carries every lane both ways", async (_role, dialer) => {
    const [low, high] = await pair();
    const [caller, callee] = dialer === 1 ? [high, low] : [low, high];
    const wire = await caller.connector.connect(callee.id);
    expect(wire.kind).toBe("webrtc");
    expect(wire.isOpen).toBe(true);
    for (const payloadType of [PayloadType.RPC_RELIABLE, PayloadType.RPC_SIGNAL, PayloadType.STREAM_RELIABLE, PayloadType.STREAM_LATENCY_FIRST]) {
      await wire.lane(payloadType).send(bytes(`lane ${payloadType}`));
    }
    await until(() => callee.arrivals.length === 4 && callee.inbound.length === 1);
    expect(callee.arrivals.map((a) => [a.sender, a.payloadType, text(a.data)]).sort()).toEqual(
      [0, 1, 2, 3].map((t) => [actrIdToString(caller.id), t, `lane ${t}`]),
    );
    await callee.inbound[0]!.lane(PayloadType.RPC_RELIABLE).send(bytes("back"));
    await until(() => caller.arrivals.length === 1);
    expect(text(caller.arrivals[0]!.data)).toBe("back");
  });
});
