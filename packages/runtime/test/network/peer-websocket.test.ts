import { connect } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { actrIdToString, type SigningKey } from "@actr/protocol";
import { PayloadType } from "../../src/common/payload-type.js";
import { TransportError } from "../../src/errors/actr-error.js";
import { encodeFrame } from "../../src/wire/websocket/frame.js";
import {
  createSigningKey,
  credentialFor,
  headersFor,
  startTestPeer,
  testId,
  waitFor,
  type TestPeer,
} from "./peer-fixture.js";

const LANES = [
  PayloadType.RPC_RELIABLE,
  PayloadType.RPC_SIGNAL,
  PayloadType.STREAM_RELIABLE,
  PayloadType.STREAM_LATENCY_FIRST,
  PayloadType.MEDIA_RTP,
];
const text = (value: string): Uint8Array => new TextEncoder().encode(value);

/** Resolves with the HTTP status of a refused upgrade, or "open" when the upgrade succeeds. */
function tryUpgrade(url: string, headers: Record<string, string>): Promise<number | "open"> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on("unexpected-response", (_request, response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on("open", () => {
      resolve("open");
      socket.close();
    });
    socket.on("error", (error) => {
      if (!String(error.message).includes("Unexpected server response")) reject(error);
    });
  });
}

/** Opens an authenticated raw socket to a listener. */
function openRaw(url: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once("open", () => resolve(socket));
    socket.once("error", reject);
  });
}

function closeCode(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => socket.once("close", (code) => resolve(code)));
}

describe("peer WebSocket transport", () => {
  let key: SigningKey;
  let addresses: Map<string, string>;
  let alice: TestPeer;
  let bob: TestPeer;

  beforeEach(async () => {
    key = createSigningKey(7);
    addresses = new Map();
    alice = await startTestPeer(key, testId(0xa1n, "Alice"), addresses);
    bob = await startTestPeer(key, testId(0xb2n, "Bob"), addresses);
  });

  afterEach(async () => {
    await alice.close();
    await bob.close();
  });

  it("carries every lane in order and replies over the socket the peer dialed", async () => {
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < 50; i++) {
      for (const lane of LANES) sends.push(alice.transport.send(bob.id, lane, text(`a${i}:${lane}`)));
    }
    await Promise.all(sends);
    await waitFor(() => bob.received.length === 250);
    expect(bob.received.map((message) => message.text)).toEqual(
      Array.from({ length: 50 }, (_, i) => LANES.map((lane) => `a${i}:${lane}`)).flat(),
    );
    expect(bob.received.every((message) => message.sender === actrIdToString(alice.id))).toBe(true);
    expect(bob.received.map((message) => message.payloadType).slice(0, 5)).toEqual(LANES);

    // Bob has no route to dial Alice: the reply can only use the inbound socket.
    addresses.delete(actrIdToString(alice.id));
    for (const lane of LANES) await bob.transport.send(alice.id, lane, text(`b:${lane}`));
    await waitFor(() => alice.received.length === 5);
    expect(alice.received.map((message) => [message.payloadType, message.text, message.sender])).toEqual(
      LANES.map((lane) => [lane, `b:${lane}`, actrIdToString(bob.id)]),
    );
  });

  it("refuses a request target that is not a URL and keeps serving", async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(bob.listener.port, "127.0.0.1", () =>
        socket.write(
          "GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
        ),
      );
      const chunks: Buffer[] = [];
      socket.on("data", (chunk: Buffer) => chunks.push(chunk));
      socket.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    await alice.transport.send(bob.id, PayloadType.RPC_RELIABLE, text("still here"));
    await waitFor(() => bob.received.length === 1);
    expect(bob.received[0]?.text).toBe("still here");
  });

  it("waits for the socket to drain instead of buffering without bound", async () => {
    const slow = await startTestPeer(key, testId(0xc3n, "Slow"), addresses, 64 * 1024);
    try {
      const chunk = new Uint8Array(32 * 1024).fill(65);
      const sends = Array.from({ length: 200 }, () => slow.transport.send(bob.id, PayloadType.STREAM_RELIABLE, chunk));
      await Promise.all(sends);
      await waitFor(() => bob.received.length === 200, 10_000);
      expect(bob.received.every((message) => message.text.length === chunk.length)).toBe(true);
    } finally {
      await slow.close();
    }
  });

  it("dials again on the next send after the wire closed", async () => {
    await alice.transport.send(bob.id, PayloadType.RPC_RELIABLE, text("first"));
    await waitFor(() => bob.received.length === 1);
    // Bob goes away (closing the socket) and comes back on another port under the same id.
    await bob.close();
    bob = await startTestPeer(key, bob.id, addresses);
    // A frame sent before Alice notices the close is lost (no acks at this layer), so resend until one lands.
    const restarted = bob;
    await waitFor(() => {
      void alice.transport.send(restarted.id, PayloadType.RPC_RELIABLE, text("second")).catch(() => undefined);
      return restarted.received.length > 0;
    });
    expect(restarted.received[0]?.text).toBe("second");
  });

  it("rejects a send to an unreachable peer with a TransportError that names it", async () => {
    const ghost = testId(0xdeadn, "Ghost");
    const sending = alice.transport.send(ghost, PayloadType.RPC_RELIABLE, text("x"));
    await expect(sending).rejects.toBeInstanceOf(TransportError);
    await expect(sending).rejects.toThrow(actrIdToString(ghost));
  });

  describe("refuses the upgrade with 401", () => {
    it("accepts a valid credential", async () => {
      expect(await tryUpgrade(bob.listener.url, headersFor(alice.id, alice.credential))).toBe("open");
    });

    it("when the credential is signed by another key", async () => {
      const forged = credentialFor(createSigningKey(7), alice.id);
      expect(await tryUpgrade(bob.listener.url, headersFor(alice.id, forged))).toBe(401);
    });

    it("when the credential has expired", async () => {
      const expired = credentialFor(key, alice.id, Date.now() / 1000 - 10);
      expect(await tryUpgrade(bob.listener.url, headersFor(alice.id, expired))).toBe(401);
    });

    it("when the source id is not the one the credential names", async () => {
      const spoofed = testId(0xe5n, "Mallory");
      expect(await tryUpgrade(bob.listener.url, headersFor(spoofed, alice.credential))).toBe(401);
    });

    it("when the headers are missing or garbage", async () => {
      expect(await tryUpgrade(bob.listener.url, {})).toBe(401);
      expect(await tryUpgrade(bob.listener.url, { "X-Actr-Source-ID": "zz", "X-Actr-Credential": "!!" })).toBe(401);
    });
  });

  describe("a malformed frame closes only that socket", () => {
    it.each([
      ["short", new Uint8Array([0, 0, 0])],
      ["bad type", new Uint8Array([9, 0, 0, 0, 1, 1])],
      ["bad length", new Uint8Array([0, 0, 0, 0, 9, 1, 2])],
    ])("%s", async (_name, bad) => {
      const healthy = await openRaw(bob.listener.url, headersFor(alice.id, alice.credential));
      const victim = await openRaw(bob.listener.url, headersFor(alice.id, alice.credential));
      const victimClosed = closeCode(victim);
      victim.send(bad);
      expect(await victimClosed).toBe(1002);

      healthy.send(encodeFrame(PayloadType.RPC_RELIABLE, text("still here")));
      await waitFor(() => bob.received.some((message) => message.text === "still here"));
      expect(healthy.readyState).toBe(WebSocket.OPEN);

      // The listener keeps accepting new peers.
      await alice.transport.send(bob.id, PayloadType.RPC_SIGNAL, text("new socket"));
      await waitFor(() => bob.received.some((message) => message.text === "new socket"));
      healthy.close();
    });

    it("text messages too", async () => {
      const victim = await openRaw(bob.listener.url, headersFor(alice.id, alice.credential));
      const closed = closeCode(victim);
      victim.send("hello");
      expect(await closed).toBe(1002);
    });
  });
});
