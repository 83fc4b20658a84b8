import { afterEach, describe, expect, it } from "vitest";
import { actrIdToString } from "@actr/protocol";
import { PayloadType } from "../../src/common/payload-type.js";
import type { RtcEngine } from "../../src/wire/webrtc/rtc-api.js";
import { WEBRTC_ENGINES } from "../../src/config/runtime-config.js";
import { loadWebRtcEngine } from "../../src/wire/webrtc-node/load-engine.js";
import { testId } from "../network/peer-fixture.js";
import { testEnd, until, type TestEnd } from "./connector-fixture.js";
import { RelayHub } from "./relay-hub.js";

const text = (data: Uint8Array): string => new TextDecoder().decode(data);
const bytes = (value: string): Uint8Array => new TextEncoder().encode(value);

describe.each(WEBRTC_ENGINES)("WebRTC connector on %s", (engineName) => {
  let ends: TestEnd[] = [];
  let engine: RtcEngine;

  afterEach(() => {
    for (const end of ends) end.connector.close();
    ends = [];
  });

  async function pair(): Promise<[TestEnd, TestEnd]> {
    engine ??= await loadWebRtcEngine(engineName);
    const hub = new RelayHub();
    const low = testEnd(hub, testId(1n, "Low"), engine);
    const high = testEnd(hub, testId(2n, "High"), engine);
    ends.push(low, high);
    return [low, high];
  }

  it.each([
    ["the offerer", 1],
    ["the answerer", 0],
  ])("dials as %s and carries every lane both ways", async (_role, dialer) => {
    const [low, high] = await pair();
    const [caller, callee] = dialer === 1 ? [high, low] : [low, high];
    const wire = await caller.connector.connect(callee.id);
    expect(wire.kind).toBe("webrtc");
    expect(wire.isOpen).toBe(true);
    for (const payloadType of [PayloadType.RpcReliable, PayloadType.RpcSignal, PayloadType.StreamReliable, PayloadType.StreamLatencyFirst]) {
      await wire.lane(payloadType).send(bytes(`lane ${payloadType}`));
    }
    await until(() => callee.arrivals.length === 4 && callee.inbound.length === 1);
    expect(callee.arrivals.map((a) => [a.sender, a.payloadType, text(a.data)]).sort()).toEqual(
      [0, 1, 2, 3].map((t) => [actrIdToString(caller.id), t, `lane ${t}`]),
    );
    await callee.inbound[0]!.lane(PayloadType.RpcReliable).send(bytes("back"));
    await until(() => caller.arrivals.length === 1);
    expect(text(caller.arrivals[0]!.data)).toBe("back");
  });
});
