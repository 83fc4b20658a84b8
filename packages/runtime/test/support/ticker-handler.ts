// The handler of the streaming fixture (fixtures/streaming), instrumented for the streaming tests:
// it counts what its server streams produced and reports when a handler's ctx.signal fired.
import { InvalidArgumentError } from "@actr/runtime";
import type { Context } from "@actr/runtime";
import type { TickerHandler } from "../../../../fixtures/streaming/expected/ticker/ticker_actor.js";
import type { Tick, TickRequest } from "../../../../fixtures/streaming/expected/local/ticker_pb.js";
import { deferred } from "./deferred.js";

/** `count` 0 means endless; `start` -1 fails after two ticks. */
export class TickerProbe implements TickerHandler {
  /** Ticks yielded so far by `ticks`. */
  produced = 0;
  /** Resolves with the reason of the first handler signal that fired. */
  readonly aborted = deferred<unknown>();
  /** Requests the last `sum` or `double` read before it ended. */
  read = 0;

  async now(request: TickRequest) {
    return { value: request.start };
  }

  async *ticks(request: TickRequest, ctx: Context) {
    this.#watch(ctx);
    for (let i = 0; request.count === 0 || i < request.count; i++) {
      if (request.start === -1n && i === 2) throw new InvalidArgumentError("tick 2 is out of range");
      this.produced++;
      yield { value: request.start + BigInt(i) };
      // An endless stream is slow, so that deadlines and cancellation are what end it.
      if (request.count === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  async sum(requests: AsyncIterable<Tick>, ctx: Context) {
    this.#watch(ctx);
    let sum = 0n;
    this.read = 0;
    for await (const tick of requests) {
      sum += tick.value;
      this.read++;
    }
    return { sum, count: this.read };
  }

  /** Doubles each value; a value of 0 ends the stream early (the callee ends while the caller still sends). */
  async *double(requests: AsyncIterable<Tick>, ctx: Context) {
    this.#watch(ctx);
    this.read = 0;
    for await (const tick of requests) {
      this.read++;
      if (tick.value === 0n) return;
      yield { value: tick.value * 2n };
    }
  }

  #watch(ctx: Context): void {
    ctx.signal.addEventListener("abort", () => this.aborted.resolve(ctx.signal.reason), { once: true });
  }
}
