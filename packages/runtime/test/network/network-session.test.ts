import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { actrIdEquals, actrIdToString, IceCandidateSchema, makeActrType, type ActrRelay } from "@actr/protocol";
import { PayloadType } from "../../src/common/payload-type.js";
import { InvalidArgumentError, TargetNotFoundError, TransportError } from "../../src/errors/actr-error.js";
import { createNetworkStarter, type ActorNetwork } from "../../src/network/start-network.js";
import { actorConfig, specFor, TestSignaling } from "./network-fixture.js";
import { waitFor } from "./peer-fixture.js";
import { memoryLogger } from "../support/temp-dir.js";

const LANES = [
  PayloadType.RPC_RELIABLE,
  PayloadType.RPC_SIGNAL,
  PayloadType.STREAM_RELIABLE,
  PayloadType.STREAM_LATENCY_FIRST,
  PayloadType.MEDIA_RTP,
];
const encode = (value: string): Uint8Array => new TextEncoder().encode(value);
const decode = (data: Uint8Array): string => new TextDecoder().decode(data);

interface Inbox {
  readonly messages: { sender: string; payloadType: PayloadType; text: string }[];
}

function inboxOf(network: ActorNetwork): Inbox {
  const inbox: Inbox = { messages: [] };
  network.transport.setSink((sender, payloadType, data) =>
    inbox.messages.push({ sender: actrIdToString(sender), payloadType, text: decode(data) }),
  );
  return inbox;
}

const startNetwork = createNetworkStarter({ reconnect: { initialMs: 20, maxMs: 200 }, requestTimeoutMs: 5_000 });

describe("network session with a real signaling server", () => {
  let signaling: TestSignaling;
  const networks: ActorNetwork[] = [];

  beforeEach(async () => {
    signaling = new TestSignaling();
    await signaling.start();
  });

  afterEach(async () => {
    for (const network of networks.splice(0)) await network.close();
    await signaling.stop();
  });

  async function start(name: string, options: { listen?: boolean; webrtc?: boolean } = {}): Promise<ActorNetwork> {
    const network = await startNetwork(actorConfig(signaling.server, name, options), specFor(name));
    networks.push(network);
    return network;
  }

  it("registers, discovers and carries messages both ways on every lane, in order", async () => {
    const server = await start("Echo");
    const client = await start("Caller");
    expect(server.actorId.type?.name).toBe("Echo");
    expect(server.wsAddress).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const serverInbox = inboxOf(server);
    const clientInbox = inboxOf(client);

    const found = await client.discover(makeActrType("acme", "Echo"), "service_semantic:Echo");
    expect(found.candidates).toHaveLength(1);
    expect(actrIdEquals(found.candidates[0]!, server.actorId)).toBe(true);

    const sends = [];
    for (let round = 0; round < 20; round++) {
      for (const lane of LANES) sends.push(client.transport.send(server.actorId, lane, encode(`c${round}/${lane}`)));
    }
    await Promise.all(sends);
    await waitFor(() => serverInbox.messages.length === 100);
    expect(serverInbox.messages.map((message) => message.text)).toEqual(
      Array.from({ length: 20 }, (_, round) => LANES.map((lane) => `c${round}/${lane}`)).flat(),
    );
    expect(new Set(serverInbox.messages.map((message) => message.sender))).toEqual(
      new Set([actrIdToString(client.actorId)]),
    );

    // The server never discovered the client: it answers over the socket the client opened.
    for (const lane of LANES) await server.transport.send(client.actorId, lane, encode(`s/${lane}`));
    await waitFor(() => clientInbox.messages.length === 5);
    expect(clientInbox.messages.map((message) => [message.payloadType, message.text])).toEqual(
      LANES.map((lane) => [lane, `s/${lane}`]),
    );
  });

  it("warns once per type when no candidate has the fingerprint from the lock file", async () => {
    await start("Echo");
    const logger = memoryLogger();
    const client = await createNetworkStarter({ logger })(actorConfig(signaling.server, "Caller"), specFor("Caller"));
    networks.push(client);
    await client.discover(makeActrType("acme", "Echo"), "service_semantic:Echo");
    await client.discover(makeActrType("acme", "Echo"), "");
    expect(logger.lines).toEqual([]);
    await client.discover(makeActrType("acme", "Echo"), "service_semantic:older");
    await client.discover(makeActrType("acme", "Echo"), "service_semantic:older");
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatch(/^warn No online acme\+Echo serves fingerprint service_semantic:older: .*Actr\.lock\.toml.*`actr install`/);
  });

  it("finds a peer's address through signaling when it was not discovered first", async () => {
    const server = await start("Echo");
    const client = await start("Caller");
    const serverInbox = inboxOf(server);
    await client.transport.send(server.actorId, PayloadType.RPC_RELIABLE, encode("direct"));
    await waitFor(() => serverInbox.messages.length === 1);
    expect(serverInbox.messages[0]?.text).toBe("direct");
  });

  it("rejects a send to an actor without a WebSocket listener (and no WebRTC) with a clear TransportError", async () => {
    const client = await start("Caller", { webrtc: false });
    const quiet = await start("Quiet", { listen: false, webrtc: false });
    const sending = client.transport.send(quiet.actorId, PayloadType.RPC_RELIABLE, encode("x"));
    await expect(sending).rejects.toBeInstanceOf(TransportError);
    await expect(sending).rejects.toThrow(/has no \[system.websocket\] listen_port/);
  });

  it("reports an unknown type as TargetNotFoundError and forgets an actor that closed", async () => {
    const server = await start("Echo");
    const client = await start("Caller");
    await expect(client.discover(makeActrType("acme", "Nobody"), "")).rejects.toBeInstanceOf(TargetNotFoundError);
    expect((await client.discover(makeActrType("acme", "Echo"), "")).candidates).toHaveLength(1);
    networks.splice(networks.indexOf(server), 1);
    await server.close();
    await expect(client.discover(makeActrType("acme", "Echo"), "")).rejects.toThrow(/No actor of type acme\+Echo/);
  });

  it("relays WebRTC negotiation between actors", async () => {
    const alice = await start("Alice");
    const bob = await start("Bob");
    const relays: ActrRelay[] = [];
    bob.signaling.onRelay((relay) => relays.push(relay));
    const candidate = create(IceCandidateSchema, { candidate: "candidate:1 1 udp 1 127.0.0.1 9 typ host", usernameFragment: "u" });
    await alice.signaling.relay(bob.actorId, { case: "iceCandidate", value: candidate });
    await waitFor(() => relays.length === 1);
    expect(relays[0]?.payload.case).toBe("iceCandidate");
    expect(actrIdEquals(relays[0]!.source!, alice.actorId)).toBe(true);
  });

  it("reconnects after the signaling server restarts on the same key, and discovery works again", async () => {
    const server = await start("Echo");
    const client = await start("Caller");
    const serverInbox = inboxOf(server);
    await client.discover(makeActrType("acme", "Echo"), "");

    let reconnects = 0;
    client.signaling.onConnected(() => reconnects++);
    server.signaling.onConnected(() => reconnects++);
    await signaling.restart();
    await waitFor(() => reconnects >= 2 && client.signaling.isConnected && server.signaling.isConnected);

    const found = await client.discover(makeActrType("acme", "Echo"), "");
    expect(found.candidates.map(actrIdToString)).toEqual([actrIdToString(server.actorId)]);
    await client.transport.send(server.actorId, PayloadType.RPC_RELIABLE, encode("after restart"));
    await waitFor(() => serverInbox.messages.some((message) => message.text === "after restart"));
  });

  it("keeps its signaling socket alive with heartbeats", async () => {
    await signaling.stop();
    signaling = new TestSignaling();
    await signaling.start(0, { heartbeatTimeoutMs: 1_000 });
    const pinging = await createNetworkStarter({ heartbeatIntervalMs: 100 })(actorConfig(signaling.server, "Echo"), specFor("Echo"));
    networks.push(pinging);
    let reconnects = 0;
    pinging.signaling.onConnected(() => reconnects++);
    // Started later and never pinging: once the server hid it from discovery, a whole timeout has passed for both.
    const silent = await createNetworkStarter({ heartbeatIntervalMs: 600_000 })(actorConfig(signaling.server, "Silent"), specFor("Silent"));
    networks.push(silent);
    const silentListed = () => pinging.discover(makeActrType("acme", "Silent"), "").then(() => true, () => false);
    const deadline = Date.now() + 15_000;
    while ((await silentListed()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await silentListed()).toBe(false);
    expect((await silent.discover(makeActrType("acme", "Echo"), "")).candidates).toHaveLength(1);
    expect(reconnects).toBe(0);
    expect(pinging.signaling.isConnected).toBe(true);
  }, 20_000);

  it("renews its credential before it expires, so peers keep accepting it", async () => {
    await signaling.stop();
    signaling = new TestSignaling();
    await signaling.start(0, { credentialTtlSec: 2 });
    const server = await start("Echo");
    const client = await start("Caller");
    const serverInbox = inboxOf(server);
    const firstExpiry = { server: server.identity.expiresAtMs, client: client.identity.expiresAtMs };
    await waitFor(() => server.identity.expiresAtMs > firstExpiry.server && client.identity.expiresAtMs > firstExpiry.client, 10_000);
    // Past the first credentials' expiry: a new socket is only accepted with a renewed credential.
    await waitFor(() => Date.now() > Math.max(firstExpiry.server, firstExpiry.client), 10_000);
    await client.transport.send(server.actorId, PayloadType.RPC_RELIABLE, encode("renewed"));
    await waitFor(() => serverInbox.messages.length === 1);
    expect(serverInbox.messages[0]?.text).toBe("renewed");
  }, 20_000);

  it("says what is wrong when signaling is missing or unreachable", async () => {
    const config = actorConfig(signaling.server, "Echo");
    await expect(startNetwork({ ...config, signaling: undefined }, undefined)).rejects.toBeInstanceOf(InvalidArgumentError);
    const port = signaling.server.port;
    await signaling.server.close();
    const unreachable = startNetwork(config, undefined);
    await expect(unreachable).rejects.toBeInstanceOf(TransportError);
    await expect(unreachable).rejects.toThrow(`Cannot reach the signaling server at http://127.0.0.1:${port}/ais/register`);
    await signaling.start(port);
  });
});
