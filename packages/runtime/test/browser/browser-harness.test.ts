import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemBinary } from "../../../../scripts/lib/system-binary.js";
import { decodeRtpPacket } from "../../src/media/rtp-packet.js";
import { openPage, type BrowserPage } from "./support/chromium.js";
import { bundlePage } from "./support/page-bundle.js";
import { servePage, type PageServer } from "./support/page-server.js";
import type { RtpPage } from "./page/rtp-page.js";

const chromium = systemBinary("chromium", "chromium", ["/usr/bin/chromium"]);

describe.skipIf(chromium === undefined)("the browser harness", () => {
  let server: PageServer;
  let browser: BrowserPage;
  beforeAll(async () => {
    server = await servePage(await bundlePage(join(import.meta.dirname, "page", "rtp-page.ts")));
    browser = await openPage(chromium!, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("runs the runtime's own code bundled for Chromium: RTP packets built there parse here", async () => {
    await browser.page.waitForFunction(() => "actrPage" in globalThis);
    const packets = await browser.page.evaluate(
      (payloads) => (globalThis as unknown as { actrPage: RtpPage }).actrPage.packetize(payloads),
      [[1], [2, 2], [3, 3, 3]],
    );
    const decoded = packets.map((bytes) => decodeRtpPacket(new Uint8Array(bytes)));
    expect(decoded.map((packet) => [...packet.payload])).toEqual([[1], [2, 2], [3, 3, 3]]);
    expect(decoded.map((packet) => packet.payloadType)).toEqual([96, 96, 96]);
    expect(decoded[1]!.sequenceNumber).toBe((decoded[0]!.sequenceNumber + 1) & 0xffff);
    expect(browser.errors).toEqual([]);
  });

  it("refuses to bundle code that imports a Node module, so a page never loads half a runtime", async () => {
    const dir = mkdtempSync(join(tmpdir(), "actr-bundle-"));
    try {
      const entry = join(dir, "entry.ts");
      writeFileSync(entry, 'import { readFileSync } from "node:fs";\nconsole.log(readFileSync);\n');
      await expect(bundlePage(entry)).rejects.toThrow(/node:fs/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
