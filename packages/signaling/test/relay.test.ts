import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import {
  IceRestartRequestSchema,
  ActrRelaySchema,
  IceCandidateSchema,
  RoleNegotiationSchema,
  actrIdEquals,
  type ActrRelay,
} from "@actr/protocol";
import type { SignalingServer } from "@actr/signaling";
import { requestError } from "./support/request-error.js";
import { TestActor, register, startQuietServer } from "./support/test-actor.js";

function relayFrom(from: TestActor, to: TestActor, payload: ActrRelay["payload"]): ActrRelay {
  return create(ActrRelaySchema, { source: from.id, credential: from.ok.credential, target: to.id, payload });
}

describe("relay", () => {
  let server: SignalingServer;
  let alice: TestActor;
  let bob: TestActor;
  beforeAll(async () => {
    server = await startQuietServer();
    alice = await TestActor.connect(server, await register(server, { name: "Alice" }));
    bob = await TestActor.connect(server, await register(server, { name: "Bob" }));
  });
  afterAll(async () => {
    await alice.close();
    await bob.close();
    await server.close();
  });

  it("forwards an ICE candidate to the target unchanged", async () => {
    const candidate = create(IceCandidateSchema, { candidate: "candidate:1 1 udp 1 127.0.0.1 9 typ host", usernameFragment: "uf" });
    const id = alice.sendEnvelope({ case: "actrRelay", value: relayFrom(alice, bob, { case: "iceCandidate", value: candidate }) });
    const got = await bob.next((envelope) => envelope.envelopeId === id);
    expect(got.flow.case).toBe("actrRelay");
    const relay = got.flow.case === "actrRelay" ? got.flow.value : undefined;
    expect(actrIdEquals(relay!.source!, alice.id)).toBe(true);
    expect(relay!.payload.case === "iceCandidate" && relay!.payload.value.usernameFragment).toBe("uf");
  });

  it("answers a RoleNegotiation with complementary RoleAssignments to both sides", async () => {
    const negotiation = create(RoleNegotiationSchema, { from: alice.id, to: bob.id, realmId: 1 });
    const id = alice.sendEnvelope({ case: "actrRelay", value: relayFrom(alice, bob, { case: "roleNegotiation", value: negotiation }) });
    const toAlice = await alice.reply(id);
    const toBob = await bob.next((envelope) => envelope.flow.case === "actrRelay" && envelope.flow.value.payload.case === "roleAssignment");
    const role = (envelope: typeof toAlice) =>
      envelope.flow.case === "actrRelay" && envelope.flow.value.payload.case === "roleAssignment"
        ? envelope.flow.value.payload.value.isOfferer
        : undefined;
    expect(typeof role(toAlice)).toBe("boolean");
    expect(role(toBob)).toBe(!role(toAlice));
    const aliceOffers = alice.id.serialNumber > bob.id.serialNumber;
    expect(role(toAlice)).toBe(aliceOffers);
    expect(toBob.flow.case === "actrRelay" && actrIdEquals(toBob.flow.value.source!, alice.id)).toBe(true);
  });

  it("refuses with 403 a RoleNegotiation whose from or to is not the relay's source and target", async () => {
    const carol = await register(server, { name: "CarolNegotiator" });
    const forOthers = [
      create(RoleNegotiationSchema, { from: carol.actrId, to: bob.id, realmId: 1 }),
      create(RoleNegotiationSchema, { from: alice.id, to: carol.actrId, realmId: 1 }),
    ];
    for (const negotiation of forOthers) {
      const id = alice.sendEnvelope({ case: "actrRelay", value: relayFrom(alice, bob, { case: "roleNegotiation", value: negotiation }) });
      const reply = await alice.reply(id);
      expect(requestError(reply)?.code).toBe(403);
      expect(requestError(reply)?.message).toMatch(/RoleNegotiation\.(from|to) .* is not the relay (source|target)/);
    }
    const assignments = bob.received().filter((e) => e.flow.case === "actrRelay" && e.flow.value.payload.case === "roleAssignment");
    expect(assignments).toHaveLength(0);
  });

  it("answers 404 when the target is not connected, and refuses a spoofed relay source", async () => {
    const carol = await register(server, { name: "Carol" });
    const offline = create(ActrRelaySchema, {
      source: alice.id,
      credential: alice.ok.credential,
      target: carol.actrId,
      payload: { case: "iceRestartRequest", value: { reason: "test" } },
    });
    const reply = await alice.reply(alice.sendEnvelope({ case: "actrRelay", value: offline }));
    expect(requestError(reply)?.code).toBe(404);
    const spoofed = create(ActrRelaySchema, { ...relayFrom(alice, bob, { case: "iceRestartRequest", value: create(IceRestartRequestSchema) }), source: bob.id });
    const refused = await alice.reply(alice.sendEnvelope({ case: "actrRelay", value: spoofed }));
    expect(requestError(refused)?.code).toBe(403);
    expect(bob.received().some((envelope) => envelope.flow.case === "actrRelay" && envelope.flow.value.payload.case === "iceRestartRequest")).toBe(false);
  });

  it("makes an actor that connected with webrtc_role=answer the answerer, whichever side asks", async () => {
    const roleOf = (envelope: Awaited<ReturnType<TestActor["next"]>>) =>
      envelope.flow.case === "actrRelay" && envelope.flow.value.payload.case === "roleAssignment" ? envelope.flow.value.payload.value.isOfferer : undefined;
    for (let round = 0; round < 4; round++) {
      // Serials grow with registration order, which the default role ordering uses: try both orders.
      const first = await register(server, { name: round < 2 ? "Answerer" : "Dialer" });
      const second = await register(server, { name: round < 2 ? "Dialer" : "Answerer" });
      const [answererOk, dialerOk] = round < 2 ? [first, second] : [second, first];
      const answerer = await TestActor.connect(server, answererOk, "webrtc_role=answer");
      const dialer = await TestActor.connect(server, dialerOk);
      const [from, to] = round % 2 === 0 ? [dialer, answerer] : [answerer, dialer];
      const negotiation = create(RoleNegotiationSchema, { from: from.id, to: to.id, realmId: 1 });
      const toFrom = await from.reply(from.sendEnvelope({ case: "actrRelay", value: relayFrom(from, to, { case: "roleNegotiation", value: negotiation }) }));
      const toTo = await to.next((envelope) => roleOf(envelope) !== undefined);
      expect(roleOf(from === answerer ? toFrom : toTo)).toBe(false);
      expect(roleOf(from === dialer ? toFrom : toTo)).toBe(true);
      await Promise.all([answerer.close(), dialer.close()]);
    }
  });

  it("answers a relay that the target's ACL refuses exactly as one to an absent target", async () => {
    const guarded = await TestActor.connect(
      server,
      await register(server, { name: "Guarded", acl: { rules: [{ permission: 1, fromType: { manufacturer: "acme", name: "Friend", version: "" } }] } }),
    );
    const stranger = await TestActor.connect(server, await register(server, { name: "Stranger" }));
    const absent = await register(server, { name: "Absent" });
    const relay = (target: ActrRelay["target"]) =>
      create(ActrRelaySchema, { source: stranger.id, credential: stranger.ok.credential, target, payload: { case: "iceRestartRequest", value: { reason: "probe" } } });
    const refused = requestError(await stranger.reply(stranger.sendEnvelope({ case: "actrRelay", value: relay(guarded.id) })));
    const missing = requestError(await stranger.reply(stranger.sendEnvelope({ case: "actrRelay", value: relay(absent.actrId) })));
    expect(refused?.code).toBe(404);
    expect(refused?.message.replace(/[0-9a-f]+@1\/acme:\w+:/, "ID")).toBe(missing?.message.replace(/[0-9a-f]+@1\/acme:\w+:/, "ID"));
    expect(guarded.received().some((envelope) => envelope.flow.case === "actrRelay")).toBe(false);
    await Promise.all([guarded.close(), stranger.close()]);
  });
});
