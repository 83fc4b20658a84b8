import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RTCPeerConnection, type RTCDataChannel } from "werift";
import { create } from "@bufbuild/protobuf";
import { makeActrType, RealmSchema, RegisterRequestSchema, type RegisterOk } from "@actr/protocol";
import { silentLogger, startSignalingServer, type SignalingServer } from "@actr/signaling";
import { startCoturn, type Coturn } from "../../../../scripts/lib/coturn.js";
import { systemBinary } from "../../../../scripts/lib/system-binary.js";
import { register as registerAt } from "../../src/network/ais-client.js";
import { actrIdToString } from "@actr/protocol";
import { PayloadType } from "../../src/common/payload-type.js";
import { weriftEngine } from "../../src/wire/webrtc-node/werift-engine.js";
import { testEnd, until, type TestEnd } from "./connector-fixture.js";
import { RelayHub } from "./relay-hub.js";
import { Dest } from "@actr/runtime";
import { EchoServiceClient } from "../../../../fixtures/echo/expected/echo/echo_service_actor.js";
import type { WebRtcWire } from "../../src/wire/webrtc/webrtc-wire.js";
import { startTestActor, type TestActor } from "./actor-fixture.js";
import { selectedPairTypes } from "../../src/wire/webrtc/selected-pair.js";

const turnserver = systemBinary("turnserver", "coturn");

function register(signaling: SignalingServer, name: string): Promise<RegisterOk> {
  const request = create(RegisterRequestSchema, { actrType: makeActrType("acme", name, "1.0.0"), realm: create(RealmSchema, { realmId: 1 }) });
  return registerAt(signaling.aisUrl, request, 5_000);
}

/** A werift peer that may only use the relay, logged in with a credential from RegisterOk. */
function relayOnlyPeer(url: string, username: string, credential: string): RTCPeerConnection {
  return new RTCPeerConnection({ iceServers: [{ urls: url, username, credential }], iceTransportPolicy: "relay", iceUseIpv6: false });
}

function nextMessage(channel: RTCDataChannel): Promise<string> {
  return new Promise((resolve) => channel.onMessage.once((data) => resolve(data.toString())));
}

describe.skipIf(turnserver === undefined)("TURN credentials from signaling on a real coturn", () => {
  let coturn: Coturn;
  let signaling: SignalingServer;
  beforeAll(async () => {
    coturn = await startCoturn(turnserver!);
    signaling = await startSignalingServer({ port: 0, logger: silentLogger, turn: { secret: coturn.secret, urls: [coturn.url] } });
  });
  afterAll(async () => {
    await signaling?.close();
    await coturn?.stop();
  });

  it("let two relay-only peers connect through coturn and exchange data, every selected pair being relay", async () => {
    const [a, b] = await Promise.all([register(signaling, "RelayA"), register(signaling, "RelayB")]);
    const offerer = relayOnlyPeer(coturn.url, a.turnCredential!.username, a.turnCredential!.password);
    const answerer = relayOnlyPeer(coturn.url, b.turnCredential!.username, b.turnCredential!.password);
    try {
      const candidateTypes: string[] = [];
      offerer.onIceCandidate.subscribe((candidate) => {
        if (candidate === undefined) return;
        candidateTypes.push(candidate.candidate.split(" ")[7] ?? "");
        void answerer.addIceCandidate(candidate.toJSON());
      });
      answerer.onIceCandidate.subscribe((candidate) => {
        if (candidate !== undefined) void offerer.addIceCandidate(candidate.toJSON());
      });
      const channel = offerer.createDataChannel("RPC_RELIABLE");
      const remote = new Promise<RTCDataChannel>((resolve) => answerer.onDataChannel.once(resolve));
      await offerer.setLocalDescription(await offerer.createOffer());
      await answerer.setRemoteDescription(offerer.localDescription!);
      await answerer.setLocalDescription(await answerer.createAnswer());
      await offerer.setRemoteDescription(answerer.localDescription!);

      const remoteChannel = await remote;
      const ping = nextMessage(remoteChannel);
      if (channel.readyState !== "open") await new Promise<void>((resolve) => channel.stateChanged.once(() => resolve()));
      channel.send(Buffer.from("ping"));
      expect(await ping).toBe("ping");
      const pong = nextMessage(channel);
      remoteChannel.send(Buffer.from("pong"));
      expect(await pong).toBe("pong");

      expect(candidateTypes.length).toBeGreaterThan(0);
      expect(new Set(candidateTypes)).toEqual(new Set(["relay"]));
      for (const peer of [offerer, answerer]) {
        const pairs = selectedPairTypes(await peer.getStats());
        expect(pairs.length).toBeGreaterThan(0);
        expect(pairs.every((pair) => pair.local === "relay" && pair.remote === "relay")).toBe(true);
      }
    } finally {
      await Promise.all([offerer.close(), answerer.close()]);
    }
  });

  it("are refused by coturn when the password is not the HMAC of the shared secret", async () => {
    const a = await register(signaling, "Forger");
    const peer = relayOnlyPeer(coturn.url, a.turnCredential!.username, "bm90IHRoZSBwYXNzd29yZA==");
    try {
      const candidates: string[] = [];
      peer.onIceCandidate.subscribe((candidate) => void (candidate !== undefined && candidates.push(candidate.candidate)));
      peer.createDataChannel("RPC_RELIABLE");
      await peer.setLocalDescription(await peer.createOffer());
      if (peer.iceGatheringState !== "complete") await new Promise<void>((resolve) => peer.iceGatheringStateChange.watch((state) => state === "complete").then(() => resolve()));
      expect(candidates).toEqual([]);
    } finally {
      await peer.close();
    }
  });

  it("carry the WebRTC wire's lanes through the relay alone when the policy is relay", async () => {
    const [a, b] = await Promise.all([register(signaling, "WireA"), register(signaling, "WireB")]);
    const hub = new RelayHub();
    const candidates: string[] = [];
    hub.tap = (_source, _target, payload) => {
      if (payload.case === "iceCandidate") candidates.push(payload.value.candidate);
      return true;
    };
    const relayOnly = (ok: RegisterOk) => () => ({
      iceServers: [{ urls: [coturn.url], username: ok.turnCredential!.username, credential: ok.turnCredential!.password }],
      iceTransportPolicy: "relay" as const,
      hostAddress: "127.0.0.1",
    });
    const ends: TestEnd[] = [testEnd(hub, a.actrId!, weriftEngine, { configuration: relayOnly(a) }), testEnd(hub, b.actrId!, weriftEngine, { configuration: relayOnly(b) })];
    const [caller, callee] = ends as [TestEnd, TestEnd];
    try {
      const wire = await caller.connector.connect(callee.id);
      await wire.lane(PayloadType.RPC_RELIABLE).send(new TextEncoder().encode("over the relay"));
      await until(() => callee.arrivals.length === 1 && callee.inbound.length === 1);
      expect(callee.arrivals[0]!.sender).toBe(actrIdToString(caller.id));
      expect(new TextDecoder().decode(callee.arrivals[0]!.data)).toBe("over the relay");
      await callee.inbound[0]!.lane(PayloadType.RPC_RELIABLE).send(new TextEncoder().encode("back"));
      await until(() => caller.arrivals.length === 1);
      // With only relay candidates on both sides, every pair ICE can select is relay to relay.
      expect(candidates.length).toBeGreaterThanOrEqual(2);
      expect(candidates.every((candidate) => / typ relay /.test(candidate))).toBe(true);
    } finally {
      for (const end of ends) end.connector.close();
    }
  });

  it("carry RPC between two actors with force_relay = true, every selected candidate pair being relay", async () => {
    const webrtc = { forceRelay: true, turnUrls: [coturn.url] };
    const actors: TestActor[] = [];
    try {
      actors.push(await startTestActor(signaling.wsUrl, "RelayedAlice", { engine: "werift", webrtc }));
      actors.push(await startTestActor(signaling.wsUrl, "RelayedBob", { engine: "werift", webrtc }));
      const [alice, bob] = actors as [TestActor, TestActor];
      const client = new EchoServiceClient(alice.ref, Dest.actor(bob.id));
      expect((await client.echo({ message: "via coturn" })).reply).toBe("RelayedBob: via coturn");
      expect((await client.echo({ message: "call-back:and back" })).reply).toBe("heard back: RelayedAlice: and back");
      for (const [self, peer] of [[alice, bob], [bob, alice]] as const) {
        const wire = self.network.transport.currentWire(peer.id);
        expect(wire?.kind).toBe("webrtc");
        const pairs = await (wire as WebRtcWire).selectedCandidatePairs();
        expect(pairs?.length).toBeGreaterThan(0);
        expect(pairs?.every((pair) => pair.local === "relay" && pair.remote === "relay")).toBe(true);
      }
      expect(bob.network.transport.delivered("websocket")).toBe(0);
    } finally {
      for (const actor of actors) await actor.stop();
    }
  });
});
