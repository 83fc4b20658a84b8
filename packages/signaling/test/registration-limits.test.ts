import { once } from "node:events";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { ActrTypeSchema, RealmSchema, RegisterRequestSchema, RegisterResponseSchema, signalingWsUrl } from "@actr/protocol";
import { register, startQuietServer, upgradeStatus } from "./support/test-actor.js";

describe("registration limits", () => {
  it("answers 429 with Retry-After past the per-address budget, and keeps serving others", async () => {
    const server = await startQuietServer({ registerRateLimit: { burst: 3, perSecond: 0.001 } });
    try {
      for (let i = 0; i < 3; i++) await register(server, { name: "Eager" });
      const body = toBinary(
        RegisterRequestSchema,
        create(RegisterRequestSchema, {
          actrType: create(ActrTypeSchema, { manufacturer: "acme", name: "Eager", version: "" }),
          realm: create(RealmSchema, { realmId: 1 }),
        }),
      );
      const reply = await fetch(`${server.aisUrl}/register`, { method: "POST", body, headers: { "Content-Type": "application/x-protobuf" } });
      expect(reply.status).toBe(200);
      expect(Number(reply.headers.get("retry-after"))).toBeGreaterThan(0);
      const result = fromBinary(RegisterResponseSchema, new Uint8Array(await reply.arrayBuffer())).result;
      expect(result.case === "error" && result.value.code).toBe(429);
      expect((await fetch(`${server.url}/ais/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("expires a registration whose actor never connects, and refuses its credential afterwards", async () => {
    const server = await startQuietServer({ connectGraceMs: 300 });
    try {
      const late = await register(server, { name: "Late" });
      const url = signalingWsUrl(server.wsUrl, late.actrId!, late.credential!);
      // The sweep runs every 150 ms here; wait for it by polling health, at most 10 s.
      const deadline = Date.now() + 10_000;
      const actors = async () => ((await (await fetch(`${server.url}/signaling/health`)).json()) as { actors: number }).actors;
      while ((await actors()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await actors()).toBe(0);
      expect(await upgradeStatus(url)).toBe(401);
    } finally {
      await server.close();
    }
  });

  it("closes a connection whose request headers never finish", async () => {
    const server = await startQuietServer({ headersTimeoutMs: 500, requestTimeoutMs: 1000 });
    try {
      const socket = connect(server.port, "127.0.0.1");
      await once(socket, "connect");
      socket.write("POST /ais/register HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      const chunks: Buffer[] = [];
      socket.on("data", (chunk: Buffer) => chunks.push(chunk));
      await once(socket, "close");
      expect(Buffer.concat(chunks).toString()).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await server.close();
    }
  }, 15_000);

  it("refuses header timeouts longer than the request timeout, naming both options", async () => {
    await expect(startQuietServer({ headersTimeoutMs: 5000, requestTimeoutMs: 1000 })).rejects.toThrow(/headersTimeoutMs \(5000\).*requestTimeoutMs \(1000\)/);
  });
});
