import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeActrId, makeActrType, type ActrId } from "@actr/protocol";
import { Dest } from "@actr/runtime";
import { EchoServiceClient } from "../../../../fixtures/echo/expected/echo/echo_service_actor.js";
import { systemBinary } from "../../../../scripts/lib/system-binary.js";
import type { WebRtcWire } from "../../src/wire/webrtc/webrtc-wire.js";
import { TestSignaling } from "../network/network-fixture.js";
import { startTestActor, type TestActor } from "../webrtc/actor-fixture.js";
import { until } from "../webrtc/connector-fixture.js";
import { openPage, type BrowserPage } from "./support/chromium.js";
import { bundlePage } from "./support/page-bundle.js";
import { servePage, type PageServer } from "./support/page-server.js";
import type { IdFields, InboundRtp, PeerPage } from "./page/peer-page.js";

const chromium = systemBinary("chromium", "chromium", ["/usr/bin/chromium"]);

const fields = (id: ActrId): IdFields => ({
  realm: id.realm!.realmId,
  serial: id.serialNumber.toString(),
  manufacturer: id.type!.manufacturer,
  name: id.type!.name,
  version: id.type!.version,
});

describe.skipIf(chromium === undefined)("a real browser as a peer (Chromium, the runtime's wire bundled for the page)", () => {
  const signaling = new TestSignaling();
  let server: PageServer;
  let browser: BrowserPage;
  let node: TestActor;
  let pageId: ActrId;

  /** Runs a PeerPage method in Chromium. */
  function onPage<T>(run: (page: PeerPage, ...args: never[]) => Promise<T> | T, ...args: unknown[]): Promise<T> {
    const source = `(${run.toString()})(globalThis.actrPage, ...${JSON.stringify(args)})`;
    return browser.page.evaluate(source) as Promise<T>;
  }

  /**
   * A Node echo actor talking WebRTC only, so that everything crosses libwebrtc <-> werift. The
   * larger serial offers, and the signaling server issues serials in increasing order: an actor
   * registered before the page answers it, one registered after offers.
   */
  function nodeActor(name: string): Promise<TestActor> {
    return startTestActor(signaling.server.wsUrl, name, { engine: "werift" });
  }

  beforeAll(async () => {
    await signaling.start();
    server = await servePage(await bundlePage(join(import.meta.dirname, "page", "peer-page.ts")));
    browser = await openPage(chromium!, server.url);
    await browser.page.waitForFunction(() => "actrPage" in globalThis);
    // Registered before the page, so the page (the larger serial) offers to it.
    node = await nodeActor("NodeEcho");
    const self = await onPage((page, ais: string) => page.register(ais), signaling.server.aisUrl);
    pageId = makeActrId(self.realm, BigInt(self.serial), makeActrType(self.manufacturer, self.name, self.version));
    expect(pageId.serialNumber > node.id.serialNumber).toBe(true);
    await onPage((page, ws: string) => page.connect(ws), signaling.server.wsUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await node?.stop();
    await signaling.stop();
  });

  it("calls the Node actor (Chromium offering), which calls the browser back within the same request, over one WebRTC connection", async () => {
    const target = fields(node.id);
    expect(await onPage((page, to: IdFields) => page.echo(to, "hello from chromium"), target)).toBe("NodeEcho: hello from chromium");
    expect(await onPage((page, to: IdFields) => page.echo(to, "call-back:ping"), target)).toBe("heard back: browser: ping");
    const seen = await onPage((page) => page.received());
    expect(seen.served).toEqual(["ping"]);
    expect(node.network.transport.wireTo(pageId)).toBe("webrtc");
    expect(node.network.transport.delivered("websocket")).toBe(0);
    const pairs = await (node.network.transport.currentWire(pageId) as WebRtcWire).selectedCandidatePairs();
    expect(pairs?.length).toBeGreaterThan(0);
    expect(browser.errors).toEqual([]);
  });

  it("exchanges data streams both ways, large chunks fragmented by the runtime's framing", async () => {
    // 200 KB chunks cross the 64 KB DataChannel message limit, so both sides fragment and reassemble.
    await onPage((page, to: IdFields) => page.sendStream(to, "s", 5, 200_000), fields(node.id));
    await until(() => node.chunks.length === 5);
    expect(node.chunks).toEqual(["1:200000", "2:200000", "3:200000", "4:200000", "5:200000"]);
    for (let sequence = 1n; sequence <= 5n; sequence++) {
      await node.ctx.sendDataStream(Dest.actor(pageId), { streamId: "down", sequence, payload: new Uint8Array(Number(sequence) * 70_000) });
    }
    const chunks = await onPage((page) => page.chunksArrived(5));
    expect(chunks).toEqual(["down/1:70000", "down/2:140000", "down/3:210000", "down/4:280000", "down/5:350000"]);
    expect(browser.errors).toEqual([]);
  });

  it("is dialed by a Node actor too, which offers while Chromium answers", async () => {
    const late = await nodeActor("LateNode");
    expect(late.id.serialNumber > pageId.serialNumber).toBe(true);
    try {
      const reply = await new EchoServiceClient(late.ref, Dest.actor(pageId)).echo({ message: "from node" });
      expect(reply.reply).toBe("browser: from node");
      expect(late.network.transport.wireTo(pageId)).toBe("webrtc");
      expect(browser.errors).toEqual([]);
    } finally {
      await late.stop();
    }
  });

  it("receives a media track a Node actor adds to the live connection: libwebrtc takes werift's RTP under the msid track id", async () => {
    await node.ctx.addMediaTrack(Dest.actor(pageId), "front", "VP8", "video");
    for (let frame = 0; frame < 30; frame++) {
      await node.ctx.sendMediaSample(Dest.actor(pageId), "front", { data: new Uint8Array([0x10, frame]), timestamp: frame * 3000 });
    }
    const inbound = await onPage((page, from: IdFields) => page.rtpArrived(from, 30, 10_000), fields(node.id));
    expect(inbound).toEqual([{ trackIdentifier: "front", kind: "video", packetsReceived: 30 }] satisfies InboundRtp[]);
    expect(browser.errors).toEqual([]);
  });
});
