import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { SignalingServer } from "@actr/signaling";
import { MAX_SERIAL, SerialAllocator } from "../src/registry/serial-allocator.js";
import { register, startQuietServer } from "./support/test-actor.js";

describe("serial numbers", () => {
  const dir = mkdtempSync(join(tmpdir(), "actr-signaling-serials-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function registerMany(server: SignalingServer, count: number): Promise<bigint[]> {
    const serials: bigint[] = [];
    for (let start = 0; start < count; start += 50) {
      const batch = Array.from({ length: Math.min(50, count - start) }, () => register(server, { name: "Numbered" }));
      for (const ok of await Promise.all(batch)) serials.push(ok.actrId!.serialNumber);
    }
    return serials;
  }

  it("issues 1,000 serials across restarts, all unique and below 2^53", async () => {
    const keyFile = join(dir, "key");
    const serials: bigint[] = [];
    // Four runs on one key file (the counter survives in its registry), then one without any state.
    for (let run = 0; run < 4; run++) {
      const server = await startQuietServer({ keyFile });
      try {
        serials.push(...(await registerMany(server, 200)));
      } finally {
        await server.close();
      }
    }
    const stateless = await startQuietServer();
    try {
      serials.push(...(await registerMany(stateless, 200)));
    } finally {
      await stateless.close();
    }
    expect(serials).toHaveLength(1000);
    expect(new Set(serials).size).toBe(1000);
    expect(serials.every((serial) => serial > 0n && serial < 2n ** 53n)).toBe(true);
  }, 60_000);

  it("keeps growing when the clock steps back, and stops at 2^53", () => {
    let now = Date.UTC(2030, 0, 1);
    const allocator = new SerialAllocator(0n, () => now);
    const first = allocator.next();
    now -= 60_000;
    const afterStepBack = allocator.next();
    expect(afterStepBack).toBe(first + 1n);
    const restarted = new SerialAllocator(afterStepBack, () => now);
    expect(restarted.next()).toBe(afterStepBack + 1n);
    expect(() => new SerialAllocator(MAX_SERIAL, () => now).next()).toThrow(/2\^53/);
  });
});
