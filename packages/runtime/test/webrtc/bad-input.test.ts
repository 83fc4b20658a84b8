import { readdirSync, readlinkSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { IceCandidateSchema, SessionDescriptionSchema, SessionDescription_Type } from "@actr/protocol";
import { PayloadType } from "../../src/common/payload-type.js";
import { InvalidArgumentError } from "../../src/errors/actr-error.js";
import { FRAGMENT_HEADER_BYTES, writeFragmentHeader } from "../../src/wire/webrtc/fragment-header.js";
import { runnableEngines } from "./test-engine.js";
import { testId } from "../network/peer-fixture.js";
import { recordingEngine, testEnd, until, type TestEnd } from "./connector-fixture.js";
import { RelayHub } from "./relay-hub.js";

const warned = (end: TestEnd, text: string): boolean => end.logger.lines.some((line) => line.startsWith("warn") && line.includes(text));

/** A DataChannel message with the fragment header and `data`. */
function framed(messageId: number, index: number, total: number, data: Uint8Array): Uint8Array {
  const message = new Uint8Array(FRAGMENT_HEADER_BYTES + data.byteLength);
  writeFragmentHeader(message, { messageId, index, total });
  message.set(data, FRAGMENT_HEADER_BYTES);
  return message;
}

describe.each(await runnableEngines())("WebRTC bad input ($name)", ({ engine }) => {
  let ends: TestEnd[] = [];
  afterEach(() => {
    for (const end of ends) end.connector.close();
    ends = [];
  });

  it("logs and drops bad relay messages without disturbing a good connection", async () => {
    const hub = new RelayHub();
    const victim = testEnd(hub, testId(1n, "Victim"), engine);
    const attacker = testEnd(hub, testId(3n, "Attacker"), engine);
    const friend = testEnd(hub, testId(2n, "Friend"), engine);
    ends.push(victim, attacker, friend);
    const send = (payload: Parameters<TestEnd["connector"]["handleRelay"]>[1]) => victim.connector.handleRelay(attacker.id, payload);

    send({ case: "sessionDescription", value: create(SessionDescriptionSchema, { type: SessionDescription_Type.OFFER, sdp: "v=0 garbage", sdpExchangeId: "x1" }) });
    await until(() => warned(victim, "could not answer the offer"));
    send({ case: "sessionDescription", value: create(SessionDescriptionSchema, { type: SessionDescription_Type.ANSWER, sdp: "v=0", sdpExchangeId: "nope" }) });
    expect(warned(victim, "it answers no offer of ours")).toBe(true);
    // Candidates of a peer without a session wait a while, then go.
    send({ case: "iceCandidate", value: create(IceCandidateSchema, { candidate: "candidate:1 1 udp 1 127.0.0.1 9 typ host", usernameFragment: "u" }) });

    const wire = await friend.connector.connect(victim.id);
    const friendKey = friend.id;
    victim.connector.handleRelay(friendKey, { case: "iceCandidate", value: create(IceCandidateSchema, { candidate: "candidate:1 1 udp 1 127.0.0.1 9 typ host" }) });
    expect(warned(victim, "it has no username_fragment")).toBe(true);
    await wire.lane(PayloadType.RPC_RELIABLE).send(new TextEncoder().encode("still fine"));
    await until(() => victim.arrivals.length === 1);
    expect(new TextDecoder().decode(victim.arrivals[0]!.data)).toBe("still fine");
    expect(wire.isOpen).toBe(true);
  });

  it("drops unknown channels, bad fragments and oversized envelopes, and keeps the wire open", async () => {
    const hub = new RelayHub();
    const recording = recordingEngine(engine);
    const sender = testEnd(hub, testId(2n, "Sender"), recording);
    const receiver = testEnd(hub, testId(1n, "Receiver"), engine, {
      reassembly: { maxMessageBytes: 200_000, maxPendingBytes: 400_000, timeoutMs: 5_000 },
    });
    ends.push(sender, receiver);
    const wire = await sender.connector.connect(receiver.id);
    const lane = wire.lane(PayloadType.RPC_RELIABLE);

    recording.connections[0]!.createDataChannel("NOT_A_LANE", { ordered: true });
    await until(() => warned(receiver, 'Closed DataChannel "NOT_A_LANE"'));

    const raw = recording.channels.find((channel) => channel.label === "RPC_RELIABLE")!;
    raw.send(new Uint8Array(3));
    raw.send(framed(900, 0, 0, new Uint8Array(4)));
    raw.send(framed(901, 2, 2, new Uint8Array(4)));
    raw.send(framed(902, 0, 3, new Uint8Array(4)));
    raw.send(framed(902, 1, 2, new Uint8Array(4)));
    await lane.send(new Uint8Array(300_000));
    await lane.send(new TextEncoder().encode("after"));
    await until(() => receiver.arrivals.length === 1);
    expect(new TextDecoder().decode(receiver.arrivals[0]!.data)).toBe("after");
    for (const text of ["shorter than the 8-byte fragment header", "announces 0 fragments", "has fragment 2 of only 2", "announces 2 fragments, earlier ones 3", "exceeds the limit of 200000 bytes"]) {
      expect(warned(receiver, text), text).toBe(true);
    }
    // Over this side's own limit, the send is refused rather than sent to be dropped.
    await expect(lane.send(new Uint8Array(32 * 1024 * 1024 + 1))).rejects.toThrow(InvalidArgumentError);
    expect(wire.isOpen).toBe(true);
  });

  it("closes the wire when a DataChannel refuses a message, so traffic does not stay on a broken lane", async () => {
    const hub = new RelayHub();
    const recording = recordingEngine(engine);
    const sender = testEnd(hub, testId(2n, "Sender"), recording);
    const receiver = testEnd(hub, testId(1n, "Receiver"), engine);
    ends.push(sender, receiver);
    const wire = await sender.connector.connect(receiver.id);
    const raw = recording.channels.find((channel) => channel.label === "RPC_RELIABLE")!;
    raw.send = () => {
      throw new Error("message larger than the peer's max-message-size");
    };
    await expect(wire.lane(PayloadType.RPC_RELIABLE).send(new Uint8Array(10))).rejects.toThrow(/refused a message: message larger/);
    expect(wire.isOpen).toBe(false);
  });

  it("gives up a connection whose ICE never completes, leaving no session, socket or timer", async () => {
    const before = resources();
    const hub = new RelayHub();
    hub.tap = (_source, _target, payload) => payload.case !== "iceCandidate";
    const low = testEnd(hub, testId(1n, "Low"), engine, { connectTimeoutMs: 1_000 });
    const high = testEnd(hub, testId(2n, "High"), engine, { connectTimeoutMs: 1_000 });
    const attempt = low.connector.connect(high.id);
    const opened = (): string[] => [...resources().sockets].filter((socket) => !before.sockets.has(socket));
    await until(() => opened().length > 0);
    await expect(attempt).rejects.toThrow(/did not open in time/);
    await until(() => low.connector.sessionCount === 0 && high.connector.sessionCount === 0);
    await until(() => opened().length === 0 && resources().timers <= before.timers, 10_000);
    low.connector.close();
    high.connector.close();
  });
});

/** Open sockets of this process (Node's and native ones alike, by inode) and the count of Node timers. */
function resources(): { sockets: Set<string>; timers: number } {
  const sockets = new Set<string>();
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith("socket:")) sockets.add(target);
    } catch {
      // closed while listing
    }
  }
  return { sockets, timers: process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length };
}
