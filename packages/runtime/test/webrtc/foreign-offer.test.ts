import { afterEach, describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { actrIdToString, IceCandidateSchema, SessionDescriptionSchema, SessionDescription_Type } from "@actr/protocol";
import { PayloadType } from "../../src/common/payload-type.js";
import { FRAGMENT_HEADER_BYTES, readFragmentHeader, writeFragmentHeader } from "../../src/wire/webrtc/fragment-header.js";
import type { RtcDataChannel, RtcPeerConnection } from "../../src/wire/webrtc/rtc-api.js";
import { iceUfragOf } from "../../src/wire/webrtc/sdp-fields.js";
import { weriftEngine } from "../../src/wire/webrtc-node/werift-engine.js";
import { testId } from "../network/peer-fixture.js";
import { testEnd, until, type TestEnd } from "./connector-fixture.js";
import { RelayHub } from "./relay-hub.js";
import { runnableEngines } from "./test-engine.js";

const text = (data: Uint8Array): string => new TextDecoder().decode(data);

/**
 * A peer written straight against the standard API (on werift), as another implementation would
 * be: it offers with only the RPC_RELIABLE channel and leaves the other lanes to whoever needs them.
 */
describe.each(await runnableEngines())("answering another implementation's offer ($name)", ({ engine }) => {
  let end: TestEnd | undefined;
  let foreign: RtcPeerConnection | undefined;
  afterEach(() => {
    end?.connector.close();
    foreign?.close();
  });

  it("answers, adopts the wire, reads its channel and creates the lanes it lacks", async () => {
    const hub = new RelayHub();
    const ours = testEnd(hub, testId(1n, "Ours"), engine);
    end = ours;
    const foreignId = testId(9n, "Foreign");
    const pc = weriftEngine.createPeerConnection({ iceServers: [], iceTransportPolicy: "all", hostAddress: "127.0.0.1" });
    foreign = pc;
    const received = new Map<string, Uint8Array[]>();
    const listen = (channel: RtcDataChannel): void => {
      channel.onmessage = (data) => received.set(channel.label, [...(received.get(channel.label) ?? []), data]);
    };
    pc.ondatachannel = listen;
    const relay = hub.port(foreignId, (_source, payload) => {
      if (payload.case === "sessionDescription") void pc.setRemoteDescription({ type: "answer", sdp: payload.value.sdp });
      if (payload.case === "iceCandidate") void pc.addIceCandidate({ candidate: payload.value.candidate, sdpMid: payload.value.sdpMid, usernameFragment: payload.value.usernameFragment });
    });
    // Candidates wait until the offer is out, as they would in any implementation.
    const candidates: string[] = [];
    let ufrag: string | undefined;
    const trickle = (candidate: string) =>
      relay.send(ours.id, { case: "iceCandidate", value: create(IceCandidateSchema, { candidate, sdpMid: "0", usernameFragment: ufrag }) });
    pc.onicecandidate = (candidate) => {
      if (candidate === null || candidate.candidate === "") return;
      if (ufrag === undefined) candidates.push(candidate.candidate);
      else void trickle(candidate.candidate);
    };
    const rpc = pc.createDataChannel("RPC_RELIABLE", { ordered: true });
    listen(rpc);
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    await relay.send(ours.id, { case: "sessionDescription", value: create(SessionDescriptionSchema, { type: SessionDescription_Type.OFFER, sdp: offer.sdp, sdpExchangeId: "foreign-1" }) });
    ufrag = iceUfragOf(offer.sdp)!;
    for (const candidate of candidates.splice(0)) await trickle(candidate);

    await until(() => ours.inbound.length === 1 && rpc.readyState === "open");
    const request = new TextEncoder().encode("request");
    const framed = new Uint8Array(FRAGMENT_HEADER_BYTES + request.byteLength);
    writeFragmentHeader(framed, { messageId: 0, index: 0, total: 1 });
    framed.set(request, FRAGMENT_HEADER_BYTES);
    rpc.send(framed);
    await until(() => ours.arrivals.length === 1);
    expect(ours.arrivals[0]).toMatchObject({ sender: actrIdToString(foreignId), payloadType: PayloadType.RPC_RELIABLE });
    expect(text(ours.arrivals[0]!.data)).toBe("request");

    const wire = ours.inbound[0]!;
    await wire.lane(PayloadType.RPC_RELIABLE).send(new TextEncoder().encode("reply"));
    await wire.lane(PayloadType.STREAM_RELIABLE).send(new TextEncoder().encode("chunk"));
    await until(() => received.has("RPC_RELIABLE") && received.has("STREAM_RELIABLE"));
    for (const [label, body] of [["RPC_RELIABLE", "reply"], ["STREAM_RELIABLE", "chunk"]] as const) {
      const message = received.get(label)![0]!;
      expect(readFragmentHeader(message)).toEqual({ messageId: 0, index: 0, total: 1 });
      expect(text(message.subarray(FRAGMENT_HEADER_BYTES))).toBe(body);
    }
  });
});
