import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SignalingServer } from "@actr/signaling";
import { startQuietServer } from "./support/test-actor.js";

describe("registration from browser pages (CORS)", () => {
  let server: SignalingServer;
  beforeAll(async () => {
    server = await startQuietServer();
  });
  afterAll(() => server.close());

  it("answers the preflight of a cross-origin protobuf POST and marks /ais replies readable by any origin", async () => {
    const preflight = await fetch(`${server.aisUrl}/register`, {
      method: "OPTIONS",
      headers: { Origin: "http://127.0.0.1:1", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-methods")).toBe("POST");
    expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("content-type");
    const refused = await fetch(`${server.aisUrl}/register`, { method: "POST", headers: { "Content-Type": "application/x-protobuf" }, body: new Uint8Array([0xff]) });
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("keeps refusing other methods", async () => {
    const response = await fetch(`${server.aisUrl}/register`, { method: "GET" });
    expect(response.status).toBe(405);
  });
});
