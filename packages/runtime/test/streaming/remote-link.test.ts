// One side of a streaming call with a remote actor, on chunks made by hand: order, credit and
// protocol errors.
import { describe, expect, it } from "vitest";
import { makeActrId, makeActrType } from "@actr/protocol";
import type { DataStream } from "@actr/protocol";
import { DecodeError, InvalidArgumentError } from "@actr/runtime";
import { RemoteLink } from "../../src/streaming/remote-link.js";
import { endChunk, errorChunk, messageChunk, readChunk } from "../../src/streaming/stream-wire.js";
import type { ActrError } from "@actr/runtime";

const peer = makeActrId(1, 7n, makeActrType("acme", "Peer", "1.0.0"));
const text = new TextEncoder();

function link(window = 4) {
  const sent: DataStream[] = [];
  const failures: ActrError[] = [];
  let ended = 0;
  const remote = new RemoteLink(peer, "actr:r:down", "actr:r:up", window, async (chunk) => void sent.push(chunk), (payload) => new TextDecoder().decode(payload), {
    ended: () => void ended++,
    failed: (error) => void failures.push(error),
    cancelled: () => undefined,
  });
  return { remote, sent, failures, ended: () => ended };
}

async function read(queue: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const value of queue) out.push(value);
  return out;
}

describe("RemoteLink", () => {
  it("takes chunks in sequence order, holding early ones and dropping repeats", async () => {
    const { remote, ended } = link();
    remote.deliver(messageChunk("actr:r:down", 1n, text.encode("b")));
    remote.deliver(endChunk("actr:r:down", 3n));
    remote.deliver(messageChunk("actr:r:down", 0n, text.encode("a")));
    remote.deliver(messageChunk("actr:r:down", 0n, text.encode("a again")));
    remote.deliver(messageChunk("actr:r:down", 2n, text.encode("c")));
    expect(await read(remote.incoming)).toEqual(["a", "b", "c"]);
    expect(ended()).toBe(1);
  });

  it("gives credit back as the consumer reads, in halves of its window", async () => {
    const { remote, sent } = link(4);
    for (let i = 0; i < 4; i++) remote.deliver(messageChunk("actr:r:down", BigInt(i), text.encode(String(i))));
    const iterator = remote.incoming[Symbol.asyncIterator]();
    await iterator.next();
    expect(sent).toEqual([]);
    await iterator.next();
    expect(sent.map((chunk) => readChunk(chunk))).toEqual([{ type: "credit", credit: 2 }]);
    expect(sent[0]?.streamId).toBe("actr:r:up");
  });

  it("fails with a DecodeError when the sender goes beyond its window instead of buffering without bound", () => {
    const { remote, failures } = link(4);
    for (let i = 0; i < 5; i++) remote.deliver(messageChunk("actr:r:down", BigInt(i), text.encode(String(i))));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(DecodeError);
    expect(failures[0]?.message).toMatch(/Message 4 of actr:r:down came beyond the window of 4/);
    // What came within the window is still read before the error; nothing more is kept.
    remote.deliver(messageChunk("actr:r:down", 5n, text.encode("5")));
    expect(remote.incoming.buffered).toBe(4);
  });

  it("sends only with credit: the sender waits for a grant", async () => {
    const { remote, sent } = link();
    const first = remote.send(text.encode("x"));
    expect(first).toBeInstanceOf(Promise);
    expect(sent).toEqual([]);
    remote.grant(1);
    await first;
    expect(sent.map((chunk) => readChunk(chunk))).toEqual([{ type: "message", payload: text.encode("x") }]);
  });

  it("fails the stream on an error chunk after the messages before it", async () => {
    const { remote, failures } = link();
    remote.deliver(messageChunk("actr:r:down", 0n, text.encode("a")));
    remote.deliver(errorChunk("actr:r:down", 1n, { code: InvalidArgumentError.code, message: "bad tick" }));
    const seen: unknown[] = [];
    const outcome = await (async () => {
      for await (const value of remote.incoming) seen.push(value);
    })().catch((error: unknown) => error);
    expect(seen).toEqual(["a"]);
    expect(outcome).toBeInstanceOf(InvalidArgumentError);
    expect(failures[0]).toBeInstanceOf(InvalidArgumentError);
  });

  it("fails with a DecodeError when a chunk never comes", async () => {
    const { remote, failures } = link(2);
    for (let i = 1n; i <= 5n; i++) remote.deliver(messageChunk("actr:r:down", i, text.encode("late")));
    expect(failures[0]).toBeInstanceOf(DecodeError);
    await expect(read(remote.incoming)).rejects.toBeInstanceOf(DecodeError);
  });
});
