// Streaming rpc methods (server, client, bidi) of the generated Ticker service over every path:
// inproc (Shell -> Workload, Dest.local()), an in-memory peer transport, and the peer WebSocket.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ActrSystem, Dest, ErrorCode, InvalidArgumentError, TimeoutError, TransportError } from "@actr/runtime";
import { TickerClient, TickerWorkload } from "../../../../fixtures/streaming/expected/ticker/ticker_actor.js";
import type { TickerHandler } from "../../../../fixtures/streaming/expected/ticker/ticker_actor.js";
import { STREAM_WINDOW } from "../../src/streaming/stream-wire.js";
import { ProbeWorkload } from "../support/probe-workload.js";
import { TickerProbe } from "../support/ticker-handler.js";
import { memoryLogger } from "../support/temp-dir.js";
import { hubActors, inMemoryPath, inprocPath, networkedPath } from "../support/ticker-paths.js";
import type { TickerPath } from "../support/ticker-paths.js";

function paths(): Record<string, () => Promise<TickerPath>> {
  return {
    inproc: inprocPath,
    "in-memory peer transport": inMemoryPath,
    websocket: () => networkedPath({ enabled: false }, true),
    "webrtc (werift)": () => networkedPath({ engine: "werift", hostAddress: "127.0.0.1" }, false),
    "webrtc (node-datachannel)": () => networkedPath({ engine: "node-datachannel", hostAddress: "127.0.0.1" }, false),
    "websocket, then webrtc (node-datachannel) once it opens": () => networkedPath({ engine: "node-datachannel", hostAddress: "127.0.0.1" }, true),
  };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function* counting(from: number, to: number): AsyncIterable<{ value: bigint }> {
  for (let i = from; i <= to; i++) yield { value: BigInt(i) };
}

describe.each(Object.entries(paths()))("streaming calls over %s", (_name, makePath) => {
  let path: TickerPath;
  beforeAll(async () => {
    path = await makePath();
  });
  afterAll(async () => {
    await path.close();
  });

  it("server stream: yields every response in order, then ends", async () => {
    const { client } = await path.connect(new TickerProbe());
    const ticks = await collect(client.ticks({ start: 5n, count: 10 }));
    expect(ticks.map((tick) => tick.value)).toEqual(Array.from({ length: 10 }, (_, i) => BigInt(5 + i)));
    // Unary methods of the same service are unchanged.
    expect((await client.now({ start: 7n })).value).toBe(7n);
  });

  it("client stream: takes an array or an AsyncIterable and answers once", async () => {
    const probe = new TickerProbe();
    const { client } = await path.connect(probe);
    expect(await client.sum([{ value: 1n }, { value: 2n }, { value: 3n }])).toMatchObject({ sum: 6n, count: 3 });
    expect(await client.sum(counting(1, 1000))).toMatchObject({ sum: 500500n, count: 1000 });
  });

  it("bidi stream: answers each request as it comes", async () => {
    const { client } = await path.connect(new TickerProbe());
    // A request is sent only after the response to the previous one arrived: truly interleaved.
    let next: (value: number) => void = () => undefined;
    async function* requests(): AsyncIterable<{ value: bigint }> {
      for (let value = 1; value <= 5; ) {
        yield { value: BigInt(value) };
        value = await new Promise<number>((resolve) => (next = resolve));
      }
    }
    const seen: bigint[] = [];
    for await (const tick of client.double(requests())) {
      seen.push(tick.value);
      next(seen.length + 1);
    }
    expect(seen).toEqual([2n, 4n, 6n, 8n, 10n]);
  });

  it("bidi stream: the callee ending early ends the call and stops the caller's requests", async () => {
    const probe = new TickerProbe();
    const { client } = await path.connect(probe);
    let sent = 0;
    async function* endless(): AsyncIterable<{ value: bigint }> {
      for (;;) {
        sent++;
        yield { value: sent === 3 ? 0n : BigInt(sent) };
      }
    }
    expect((await collect(client.double(endless()))).map((tick) => tick.value)).toEqual([2n, 4n]);
    // The caller stopped sending within the window the callee granted.
    expect(sent).toBeLessThanOrEqual(STREAM_WINDOW + 3);
  });

  it("breaking out of for await cancels the call: the server's ctx.signal fires", async () => {
    const probe = new TickerProbe();
    const { client } = await path.connect(probe);
    let read = 0;
    for await (const tick of client.ticks({ start: 0n, count: 0 })) {
      expect(tick.value).toBe(BigInt(read));
      if (++read === 3) break;
    }
    const reason = await probe.aborted.promise;
    expect(reason).toBeInstanceOf(TimeoutError);
  });

  it("the caller's signal cancels a stream in progress", async () => {
    const probe = new TickerProbe();
    const { client } = await path.connect(probe);
    const controller = new AbortController();
    const outcome = (async () => {
      for await (const tick of client.ticks({ start: 0n, count: 0 }, { signal: controller.signal })) {
        if (tick.value === 2n) controller.abort(new Error("enough"));
      }
    })().catch((error: unknown) => error);
    expect(await outcome).toBeInstanceOf(TimeoutError);
    expect(await probe.aborted.promise).toBeInstanceOf(TimeoutError);
  });

  it("the deadline covers the whole stream", async () => {
    const probe = new TickerProbe();
    const { client } = await path.connect(probe);
    let read = 0;
    const outcome = await (async () => {
      for await (const _ of client.ticks({ start: 0n, count: 0 }, { timeoutMs: 2_000 })) read++;
    })().catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(TimeoutError);
    expect(read).toBeGreaterThan(0);
    expect(await probe.aborted.promise).toBeInstanceOf(TimeoutError);
  });

  it("an error mid-stream reaches the caller after the responses before it, with its class, code and message", async () => {
    const { client } = await path.connect(new TickerProbe());
    const seen: bigint[] = [];
    const outcome = await (async () => {
      for await (const tick of client.ticks({ start: -1n, count: 10 })) seen.push(tick.value);
    })().catch((error: unknown) => error);
    expect(seen).toEqual([-1n, 0n]);
    expect(outcome).toBeInstanceOf(InvalidArgumentError);
    expect((outcome as InvalidArgumentError).code).toBe(ErrorCode.InvalidArgument);
    expect((outcome as InvalidArgumentError).message).toBe("tick 2 is out of range");
  });

  it("a client stream whose requests fail fails the call, and the handler sees the failure", async () => {
    const probe = new TickerProbe();
    const { client } = await path.connect(probe);
    async function* failing(): AsyncIterable<{ value: bigint }> {
      yield { value: 1n };
      throw new InvalidArgumentError("the caller's requests broke");
    }
    const outcome = await client.sum(failing()).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(InvalidArgumentError);
    expect((outcome as Error).message).toBe("the caller's requests broke");
  });

  it("a slow consumer holds the sender back: never more than a window ahead", async () => {
    const probe = new TickerProbe();
    const { client } = await path.connect(probe);
    const total = _name === "inproc" ? 100_000 : 20_000;
    let read = 0;
    let widest = 0;
    for await (const tick of client.ticks({ start: 0n, count: total }, { timeoutMs: 120_000 })) {
      expect(tick.value).toBe(BigInt(read));
      read++;
      widest = Math.max(widest, probe.produced - read);
      // Slow: the consumer gives the sender a whole turn of the event loop now and then.
      if (read % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(read).toBe(total);
    // The window of the receiver plus the one message the sender holds while it waits for credit.
    expect(widest).toBeLessThanOrEqual(STREAM_WINDOW + 1);
    expect(widest).toBeGreaterThan(0);
  }, 120_000);
});

describe("a handler calling a streaming method through its Context", () => {
  it("reads a remote server stream and a local one from inside a unary handler", async () => {
    const actors = hubActors();
    const server = await actors.start("acme+Ticker", new TickerWorkload(new TickerProbe()));
    const probe = new TickerProbe();
    // `now` of the relay sums a server stream of `count` ticks read from Dest.actor (start 0) or Dest.local() (start 1).
    const relay: TickerHandler = {
      async now(request, ctx) {
        const dest = request.start === 0n ? Dest.actor(server.actorId()) : Dest.local();
        let value = 0n;
        for await (const tick of new TickerClient(ctx, dest).ticks({ start: 0n, count: request.count })) value += tick.value;
        return { value };
      },
      ticks: (request, ctx) => probe.ticks(request, ctx),
      sum: (requests, ctx) => probe.sum(requests, ctx),
      double: (requests, ctx) => probe.double(requests, ctx),
    };
    const caller = await actors.start("acme+Relay", new TickerWorkload(relay));
    const client = new TickerClient(caller);
    expect((await client.now({ start: 0n, count: 100 })).value).toBe(4950n);
    // The local stream's handler runs on the Fast Path while `now` holds the State Path.
    expect((await client.now({ start: 1n, count: 100 })).value).toBe(4950n);
    await actors.close();
  });

  it("a streaming handler that calls back the State Path handler reading its stream is refused at once, not after the timeout", async () => {
    const probe = new TickerProbe();
    const handler: TickerHandler = {
      // Reads a local server stream while it holds the State Path.
      async now(request, ctx) {
        let value = 0n;
        for await (const tick of new TickerClient(ctx, Dest.local()).ticks({ start: 0n, count: request.count })) value += tick.value;
        return { value };
      },
      // Calls its own actor's State Path, which waits for this stream.
      async *ticks(request, ctx) {
        yield await new TickerClient(ctx, Dest.local()).now({ start: request.start, count: 0 });
      },
      sum: (requests, ctx) => probe.sum(requests, ctx),
      double: (requests, ctx) => probe.double(requests, ctx),
    };
    const system = await ActrSystem.fromConfig({ actrType: "acme+Loop", mailboxPath: ":memory:" }, { logger: memoryLogger() });
    const ref = await system.attach(new TickerWorkload(handler)).start();
    const outcome = await new TickerClient(ref).now({ start: 0n, count: 1 }, { timeoutMs: 20_000 }).catch((error: unknown) => error);
    await ref.shutdown();
    expect(outcome).toBeInstanceOf(InvalidArgumentError);
    expect((outcome as Error).message).toMatch(/ticker\.Ticker\.Now: a handler awaits a call to its own workload/);
  });
});

describe("shutting down while serving a stream", () => {
  it("tells a streaming handler of a remote caller to stop, though it runs outside the drained scheduler", async () => {
    const actors = hubActors();
    const probe = new TickerProbe();
    const server = await actors.start("acme+Ticker", new TickerWorkload(probe));
    const caller = await actors.start("acme+Caller", new ProbeWorkload());
    const ticks = new TickerClient(caller, Dest.actor(server.actorId())).ticks({ start: 0n, count: 0 })[Symbol.asyncIterator]();
    await ticks.next();
    await server.shutdown();
    const reason = await probe.aborted.promise;
    expect(reason).toBeInstanceOf(TransportError);
    expect((reason as Error).message).toMatch(/is shutting down/);
    await actors.close();
  });
});
