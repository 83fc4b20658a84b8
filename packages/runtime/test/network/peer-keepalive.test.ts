import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { actrIdToString, type SigningKey } from "@actr/protocol";
import { PayloadType } from "../../src/common/payload-type.js";
import { InvalidArgumentError } from "../../src/errors/actr-error.js";
import { createNetworkStarter } from "../../src/network/start-network.js";
import { memoryLogger } from "../support/temp-dir.js";
import { createSigningKey, credentialFor, headersFor, startTestPeer, testId, type TestPeer } from "./peer-fixture.js";

/** Dead after two unanswered pings 50 ms apart: well under a second. */
const FAST = { intervalMs: 50, missedPings: 2 } as const;
const text = (value: string): Uint8Array => new TextEncoder().encode(value);

/** Resolves after `socket` has received `count` pings. */
function pings(socket: WebSocket, count: number): Promise<void> {
  let seen = 0;
  return new Promise((resolve) => socket.on("ping", () => ++seen === count && resolve()));
}

/**
 * A peer whose process froze (or whose cable was pulled) keeps its TCP connection looking open; the
 * keepalive pings find it out and drop the wire like a closed one, on both sides.
 */
describe("peer WebSocket keepalive", () => {
  let key: SigningKey;
  let addresses: Map<string, string>;
  let log: ReturnType<typeof memoryLogger>;
  let alice: TestPeer;
  let frozen: WebSocketServer | undefined;

  beforeEach(async () => {
    key = createSigningKey(7);
    addresses = new Map();
    log = memoryLogger();
    alice = await startTestPeer(key, testId(0xa1n, "Alice"), addresses, undefined, FAST, log);
  });

  afterEach(async () => {
    await alice.close();
    for (const client of frozen?.clients ?? []) client.terminate();
    frozen?.close();
    frozen = undefined;
  });

  it("drops a dialed wire whose peer stops answering pings, and the next send dials again", async () => {
    // Accepts the upgrade, then never answers a ping: a peer frozen right after connecting.
    frozen = new WebSocketServer({ host: "127.0.0.1", port: 0, autoPong: false });
    await once(frozen, "listening");
    const accepted: WebSocket[] = [];
    frozen.on("connection", (socket) => accepted.push(socket));
    const bob = testId(0xb2n, "Bob");
    addresses.set(actrIdToString(bob), `ws://127.0.0.1:${(frozen.address() as AddressInfo).port}`);

    const wire = await alice.transport.send(bob, PayloadType.RPC_RELIABLE, text("hello"));
    const reason = await new Promise<string | undefined>((resolve) => wire.onClose(resolve));
    expect(reason).toMatch(/no answer to keepalive pings for \d+ ms/);
    expect(wire.isOpen).toBe(false);
    await once(accepted[0]!, "close");
    expect(log.lines.some((line) => line.startsWith("warn") && line.includes(actrIdToString(bob)) && line.includes("keepalive"))).toBe(true);

    const next = await alice.transport.send(bob, PayloadType.RPC_RELIABLE, text("again"));
    expect(next).not.toBe(wire);
    expect(next.isOpen).toBe(true);
    expect(accepted).toHaveLength(2);
  });

  it("drops a wire the peer dialed in when the dialer stops answering pings", async () => {
    const bob = testId(0xb2n, "Bob");
    const url = addresses.get(actrIdToString(alice.id))!;
    const socket = new WebSocket(url, { headers: headersFor(bob, credentialFor(key, bob)), autoPong: false });
    await once(socket, "open");
    const pinged = pings(socket, FAST.missedPings);
    const [code] = (await once(socket, "close")) as [number];
    await pinged;
    // Terminated without a close frame: the peer is not expected to answer one.
    expect(code).toBe(1006);
  });

  it("keeps a quiet wire open while its peer answers the pings", async () => {
    const bob = testId(0xb2n, "Bob");
    const url = addresses.get(actrIdToString(alice.id))!;
    const socket = new WebSocket(url, { headers: headersFor(bob, credentialFor(key, bob)) });
    await once(socket, "open");
    // Three times as long as a silent peer would be given.
    await pings(socket, FAST.missedPings * 3);
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.close();
    await once(socket, "close");
  });

  it("refuses keepalive settings that could never or always declare a peer dead, naming the option", () => {
    expect(() => createNetworkStarter({ keepalive: { intervalMs: 15_000, missedPings: 0 } })).toThrow(InvalidArgumentError);
    expect(() => createNetworkStarter({ keepalive: { intervalMs: -1, missedPings: 2 } })).toThrow(/keepalive\.intervalMs/);
    expect(() => createNetworkStarter({ keepalive: { intervalMs: 0, missedPings: 2 } })).not.toThrow();
  });
});
