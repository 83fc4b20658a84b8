// Streaming calls carry trace lineage as unary calls do: the caller's client span covers the whole
// stream, the handler runs in a server span under it, and the calls it makes continue the trace.
// Within one process (Dest.local()) and between two actors over the peer WebSocket.
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { actrIdToString } from "@actr/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Dest, InvalidArgumentError, SPAN_ATTRIBUTES, TimeoutError } from "@actr/runtime";
import type { Context } from "@actr/runtime";
import { TickerClient, TickerWorkload } from "../../../../fixtures/streaming/expected/ticker/ticker_actor.js";
import type { TickerHandler } from "../../../../fixtures/streaming/expected/ticker/ticker_actor.js";
import type { TickRequest } from "../../../../fixtures/streaming/expected/local/ticker_pb.js";
import { networkedActors } from "../support/networked-actors.js";
import type { NetworkedActors } from "../support/networked-actors.js";
import { recordSpans } from "../support/otel-memory.js";
import type { SpanRecord } from "../support/otel-memory.js";
import { TickerProbe } from "../support/ticker-handler.js";
import { inprocPath, networkedPath } from "../support/ticker-paths.js";
import type { TickerPath } from "../support/ticker-paths.js";

const spans = recordSpans();
const TICKS = "ticker.Ticker.Ticks";
const NOW = "ticker.Ticker.Now";

/** The streaming fixture's handler; `ticks` notes its trace id and makes a unary call to its own actor first. */
class TracedTicker extends TickerProbe {
  readonly traceIds: string[] = [];

  override async *ticks(request: TickRequest, ctx: Context) {
    this.traceIds.push(ctx.traceId);
    await new TickerClient(ctx, Dest.local()).now({ start: request.start });
    yield* super.ticks(request, ctx);
  }
}

/** The spans of the trace a test starts: one that had no finished span when `newTrace` was called. */
function newTrace(): {
  /** Waits for the span `name` of `kind` under `parent`, or for the trace's root span without a parent. */
  spanOf(name: string, kind: SpanKind, parent?: SpanRecord): Promise<SpanRecord>;
  /** The spans of the trace finished so far. */
  finished(): SpanRecord[];
} {
  const before = new Set(spans.finished().map((span) => span.traceId));
  const isNew = (span: SpanRecord): boolean => !before.has(span.traceId);
  return {
    spanOf: (name, kind, parent) =>
      spans.whenFinished(
        (span) => isNew(span) && span.name === name && span.kind === kind && span.parentSpanId === parent?.spanId && (parent === undefined || span.traceId === parent.traceId),
      ),
    finished: () => spans.finished().filter(isNew),
  };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function paths(): Record<string, () => Promise<TickerPath>> {
  return { inproc: inprocPath, websocket: () => networkedPath({ enabled: false }, true) };
}

describe.each(Object.entries(paths()))("trace lineage of streaming calls over %s", (_name, makePath) => {
  let path: TickerPath;
  beforeAll(async () => {
    path = await makePath();
  });
  afterAll(async () => {
    await path.close();
  });

  it("server stream: the client span covers the stream, the handler's span is its child, and the handler's calls continue the trace", async () => {
    const probe = new TracedTicker();
    const { client, server, caller } = await path.connect(probe);
    const { spanOf } = newTrace();
    expect((await collect(client.ticks({ start: 5n, count: 3 }))).map((tick) => tick.value)).toEqual([5n, 6n, 7n]);

    const call = await spanOf(TICKS, SpanKind.CLIENT);
    const handler = await spanOf(TICKS, SpanKind.SERVER, call);
    const innerCall = await spanOf(NOW, SpanKind.CLIENT, handler);
    await spanOf(NOW, SpanKind.SERVER, innerCall);
    expect(probe.traceIds).toEqual([call.traceId]);
    expect([call.status, handler.status]).toEqual([SpanStatusCode.UNSET, SpanStatusCode.UNSET]);
    expect(call.attributes).toMatchObject({ [SPAN_ATTRIBUTES.routeKey]: TICKS, [SPAN_ATTRIBUTES.lane]: "RPC_RELIABLE" });
    expect([call.attributes[SPAN_ATTRIBUTES.peer], handler.attributes[SPAN_ATTRIBUTES.peer]]).toEqual([server, caller]);
  });

  it("client and bidi streams: the handler's span is a child of the call's", async () => {
    const { client } = await path.connect(new TracedTicker());
    let { spanOf } = newTrace();
    expect((await client.sum([{ value: 1n }, { value: 2n }])).sum).toBe(3n);
    const sum = await spanOf("ticker.Ticker.Sum", SpanKind.CLIENT);
    expect((await spanOf("ticker.Ticker.Sum", SpanKind.SERVER, sum)).status).toBe(SpanStatusCode.UNSET);

    ({ spanOf } = newTrace());
    expect((await collect(client.double([{ value: 1n }, { value: 2n }]))).map((tick) => tick.value)).toEqual([2n, 4n]);
    const double = await spanOf("ticker.Ticker.Double", SpanKind.CLIENT);
    expect((await spanOf("ticker.Ticker.Double", SpanKind.SERVER, double)).status).toBe(SpanStatusCode.UNSET);
  });

  it("an error mid-stream fails both spans with its code", async () => {
    const { client } = await path.connect(new TracedTicker());
    const { spanOf } = newTrace();
    const outcome = await collect(client.ticks({ start: -1n, count: 10 })).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(InvalidArgumentError);
    const call = await spanOf(TICKS, SpanKind.CLIENT);
    const handler = await spanOf(TICKS, SpanKind.SERVER, call);
    for (const span of [call, handler]) {
      expect(span.status).toBe(SpanStatusCode.ERROR);
      expect(span.attributes[SPAN_ATTRIBUTES.errorCode]).toBe(InvalidArgumentError.code);
    }
  });

  it("a caller that stops reading cancels the call: both spans end, failed as cancelled", async () => {
    const probe = new TracedTicker();
    const { client } = await path.connect(probe);
    const { spanOf, finished } = newTrace();
    let read = 0;
    let openWhileReading = true;
    for await (const _ of client.ticks({ start: 0n, count: 0 })) {
      // The call's span stays open while the stream runs.
      openWhileReading &&= !finished().some((span) => span.name === TICKS);
      if (++read === 3) break;
    }
    expect(openWhileReading).toBe(true);
    const call = await spanOf(TICKS, SpanKind.CLIENT);
    const handler = await spanOf(TICKS, SpanKind.SERVER, call);
    expect(await probe.aborted.promise).toBeInstanceOf(TimeoutError);
    for (const span of [call, handler]) {
      expect(span.status).toBe(SpanStatusCode.ERROR);
      expect(span.attributes[SPAN_ATTRIBUTES.errorCode]).toBe(TimeoutError.code);
    }
  });
});

describe("a streaming call made by a handler, between two actors over the peer WebSocket", () => {
  let actors: NetworkedActors;
  beforeAll(async () => {
    actors = await networkedActors({ enabled: false }, true);
  });
  afterAll(async () => {
    await actors.close();
  });

  it("continues the handler's trace: its client span is a child of the handler's span", async () => {
    const server = await actors.start("acme+Ticker", new TickerWorkload(new TracedTicker()));
    const probe = new TickerProbe();
    // The relay's `now` sums a server stream read from the server.
    const relay: TickerHandler = {
      async now(request, ctx) {
        let value = 0n;
        for await (const tick of new TickerClient(ctx, Dest.actor(server.actorId())).ticks({ start: 0n, count: request.count })) value += tick.value;
        return { value };
      },
      ticks: (request, ctx) => probe.ticks(request, ctx),
      sum: (requests, ctx) => probe.sum(requests, ctx),
      double: (requests, ctx) => probe.double(requests, ctx),
    };
    const front = await actors.start("acme+Relay", new TickerWorkload(relay));
    const { spanOf } = newTrace();
    expect((await new TickerClient(front).now({ start: 0n, count: 4 })).value).toBe(6n);

    const appCall = await spanOf(NOW, SpanKind.CLIENT);
    const relayHandler = await spanOf(NOW, SpanKind.SERVER, appCall);
    const stream = await spanOf(TICKS, SpanKind.CLIENT, relayHandler);
    const streamHandler = await spanOf(TICKS, SpanKind.SERVER, stream);
    expect(stream.attributes[SPAN_ATTRIBUTES.peer]).toBe(actrIdToString(server.actorId()));
    expect(streamHandler.attributes[SPAN_ATTRIBUTES.peer]).toBe(actrIdToString(front.actorId()));
  });
});
