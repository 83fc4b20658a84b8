import { describe, expect, it } from "vitest";
import { actrIdToString } from "@actr/protocol";
import { Dest, TransportError, type ReceivedMediaSample } from "@actr/runtime";
import { EchoServiceClient } from "../../../../fixtures/echo/expected/echo/echo_service_actor.js";
import { testActors } from "./actor-fixture.js";
import { until } from "./connector-fixture.js";

describe("media tracks between actors (Context API)", () => {
  const { start } = testActors();

  it("adds a track to a live WebRTC connection; the receiver gets every sample in order under the track id", async () => {
    const camera = await start("Camera", { engine: "werift" });
    const viewer = await start("Viewer", { engine: "werift" });
    const received: [ReceivedMediaSample, string][] = [];
    await viewer.ctx.registerMediaTrack("front", (sample, sender) => void received.push([sample, actrIdToString(sender)]));
    // The connection is up and carrying RPC before the track is added.
    await new EchoServiceClient(camera.ref, Dest.actor(viewer.id)).echo({ message: "warm up" });
    await camera.ctx.addMediaTrack(Dest.actor(viewer.id), "front", "VP8", "video");
    for (let frame = 0; frame < 50; frame++) {
      await camera.ctx.sendMediaSample(Dest.actor(viewer.id), "front", { data: new Uint8Array([frame, 0xaa]), timestamp: frame * 3000 });
    }
    await until(() => received.length === 50);
    expect(received.map(([sample]) => sample.data[0])).toEqual(Array.from({ length: 50 }, (_, frame) => frame));
    expect(received.every(([sample, sender]) => sample.trackId === "front" && sample.codec === "VP8" && sender === actrIdToString(camera.id))).toBe(true);
    expect(received.map(([sample]) => sample.timestamp)).toEqual(Array.from({ length: 50 }, (_, frame) => frame * 3000));
    expect(camera.network.transport.wireTo(viewer.id)).toBe("webrtc");
  });

  it("refuses media toward a peer reached only by WebSocket, and toward Dest.local()", async () => {
    const sender = await start("WsOnlySender", { engine: "werift", websocket: true, webrtc: { enabled: false } });
    const receiver = await start("WsOnlyReceiver", { engine: "werift", websocket: true });
    // RPC works over WebSocket...
    await new EchoServiceClient(sender.ref, Dest.actor(receiver.id)).echo({ message: "over ws" });
    expect(sender.network.transport.wireTo(receiver.id)).toBe("websocket");
    // ...media does not.
    const refusal = sender.ctx.addMediaTrack(Dest.actor(receiver.id), "mic", "OPUS", "audio");
    await expect(refusal).rejects.toBeInstanceOf(TransportError);
    await expect(refusal).rejects.toThrow(/WebRTC only.*WebSocket never carries media/);
    await expect(sender.ctx.addMediaTrack(Dest.local(), "mic", "OPUS", "audio")).rejects.toThrow(/Dest.actor\(id\)/);
    await expect(sender.ctx.sendMediaSample(Dest.actor(receiver.id), "mic", { data: new Uint8Array(1), timestamp: 0 })).rejects.toThrow(/WebRTC only/);
  });
});
