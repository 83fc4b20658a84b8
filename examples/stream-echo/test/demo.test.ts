import { describe, expect, it } from "vitest";
import { runDemo } from "../demo.js";

describe("stream-echo demo", () => {
  it("generates, installs, runs both actors and delivers every chunk in order", async () => {
    const printed: string[] = [];
    const lines = await runDemo({ streamId: "test-stream", messageCount: 4, intervalMs: 20, print: (line) => printed.push(line) });
    const received = lines.filter((line) => line.startsWith("client received"));
    expect(received).toEqual([1, 2, 3, 4].map((i) => `client received #${i}: [server] Stream message ${i} for test-stream`));
    expect(lines).toContain("client: Stream test-stream registered successfully");
    // The server names the client that registered the stream.
    expect(printed.some((line) => /server \| stream test-stream registered by \S+acme:StreamEchoClient/.test(line))).toBe(true);
    expect(printed.some((line) => line.includes("actr install: stream-echo-server (1 protos)"))).toBe(true);
  }, 180_000);

  it("runs over WebRTC alone when neither actor has a peer WebSocket", async () => {
    const lines = await runDemo({ streamId: "rtc-stream", messageCount: 3, intervalMs: 20, print: () => undefined, wire: "webrtc" });
    const received = lines.filter((line) => line.startsWith("client received"));
    expect(received).toEqual([1, 2, 3].map((i) => `client received #${i}: [server] Stream message ${i} for rtc-stream`));
    expect(lines).toContain("client: wire: webrtc");
  }, 180_000);
});
