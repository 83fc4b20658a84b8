import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SignalingServer } from "@actr/signaling";
import { register, startQuietServer } from "./support/test-actor.js";

/** Writes `request` on a raw TCP socket and resolves with everything the server answered. */
function rawExchange(server: SignalingServer, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, "127.0.0.1", () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    socket.on("error", reject);
  });
}

describe("a request target that is not a URL", () => {
  let server: SignalingServer;
  beforeAll(async () => {
    server = await startQuietServer();
  });
  afterAll(() => server.close());

  it("answers 400 to a POST and keeps serving", async () => {
    const answer = await rawExchange(server, "POST http://[ HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('Request target "http://[" is not a valid URL path');
    const ok = await register(server, { name: "AfterBadPost" });
    expect(ok.actrId?.type?.name).toBe("AfterBadPost");
  });

  it("refuses a WebSocket upgrade with 400 and keeps serving", async () => {
    const upgrade =
      "GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
      "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
    const answer = await rawExchange(server, upgrade);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain("is not a valid URL path");
    const ok = await register(server, { name: "AfterBadUpgrade" });
    expect(ok.actrId?.type?.name).toBe("AfterBadUpgrade");
  });
});
