import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { makeActrId, makeActrType } from "@actr/protocol";
import type { ActrId } from "@actr/protocol";
import { PayloadType } from "../../src/common/payload-type.js";
import type { Lane } from "../../src/transport/lane.js";
import type { Wire, WireConnector, WireKind } from "../../src/transport/wire.js";
import { WirePool } from "../../src/transport/wire-pool.js";

/** A wire that records what it carried and closes on demand. */
class FakeWire implements Wire {
  readonly sent: Uint8Array[] = [];
  private readonly listeners: (() => void)[] = [];
  isOpen = true;

  constructor(
    readonly kind: WireKind,
    readonly peer: ActrId,
  ) {}

  lane(payloadType: PayloadType): Lane {
    return { payloadType, send: async (data) => void this.sent.push(data) };
  }

  onClose(listener: () => void): void {
    this.listeners.push(listener);
  }

  close(): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    for (const listener of this.listeners.splice(0)) listener();
  }
}

/** Dials a fresh FakeWire, or fails while `down`. */
class FakeConnector implements WireConnector {
  readonly wires: FakeWire[] = [];
  down = false;

  constructor(readonly kind: WireKind) {}

  async connect(target: ActrId): Promise<Wire> {
    if (this.down) throw new Error(`${this.kind} is down`);
    const wire = new FakeWire(this.kind, target);
    this.wires.push(wire);
    return wire;
  }
}

const peer = makeActrId(1, 7n, makeActrType("acme", "Peer", "1.0.0"));

describe("wire pool", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("prefers WebRTC, falls back to WebSocket and redials only the wire that is down", async () => {
    const webrtc = new FakeConnector("webrtc");
    const websocket = new FakeConnector("websocket");
    const pool = new WirePool(peer, [websocket, webrtc], { healthCheckMs: 1_000 });
    expect((await pool.acquire()).kind).toBe("webrtc");
    expect([webrtc.wires.length, websocket.wires.length]).toEqual([1, 1]);

    webrtc.down = true;
    webrtc.wires[0]!.close();
    expect(pool.current()?.kind).toBe("websocket");
    await vi.advanceTimersByTimeAsync(1_000);
    expect([webrtc.wires.length, websocket.wires.length]).toEqual([1, 1]);

    webrtc.down = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect([webrtc.wires.length, websocket.wires.length]).toEqual([2, 1]);
    expect(pool.current()).toBe(webrtc.wires[1]);

    websocket.wires[0]!.close();
    expect(pool.current()).toBe(webrtc.wires[1]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect([webrtc.wires.length, websocket.wires.length]).toEqual([2, 2]);

    pool.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("takes a wire the peer dialed in only once", () => {
    const pool = new WirePool(peer, [], { healthCheckMs: 1_000 });
    const wire = new FakeWire("webrtc", peer);
    pool.add(wire);
    pool.add(wire);
    expect(pool.closeKind("webrtc")).toBe(1);
    expect(pool.current()).toBeUndefined();
  });
});
