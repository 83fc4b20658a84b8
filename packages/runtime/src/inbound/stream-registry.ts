import type { ActrId, DataStream } from "@actr/protocol";
import type { Logger } from "../common/logger.js";
import type { StreamCallback } from "../context/context.js";
import { InvalidArgumentError } from "../errors/actr-error.js";
import { isCallStreamId } from "../streaming/stream-wire.js";

/**
 * The Fast Path of data streams: chunks go straight to the callback registered for their
 * stream_id, outside the mailbox and concurrently with the State Path.
 */
export class StreamRegistry {
  readonly #callbacks = new Map<string, StreamCallback>();

  constructor(private readonly logger: Logger) {}

  register(streamId: string, callback: StreamCallback): void {
    if (isCallStreamId(streamId)) {
      throw new InvalidArgumentError(`Stream id "${streamId}" starts with "actr:", which streaming rpc calls use; pick another id`);
    }
    if (this.#callbacks.has(streamId)) {
      throw new InvalidArgumentError(`Stream "${streamId}" already has a callback; unregisterStream("${streamId}") first`);
    }
    this.#callbacks.set(streamId, callback);
  }

  unregister(streamId: string): void {
    this.#callbacks.delete(streamId);
  }

  /** The stream ids that have a callback now, in registration order. */
  activeStreams(): readonly string[] {
    return [...this.#callbacks.keys()];
  }

  has(streamId: string): boolean {
    return this.#callbacks.has(streamId);
  }

  /** Hands a chunk to its callback; a chunk without one, or a failing callback, is logged, never thrown. */
  deliver(chunk: DataStream, sender: ActrId): void {
    const callback = this.#callbacks.get(chunk.streamId);
    if (callback === undefined) {
      this.logger.warn(`Dropped chunk ${chunk.sequence} of stream "${chunk.streamId}": no callback registered for it`);
      return;
    }
    try {
      const done = callback(chunk, sender);
      if (done instanceof Promise) done.catch((error: unknown) => this.#failed(chunk, error));
    } catch (error) {
      this.#failed(chunk, error);
    }
  }

  #failed(chunk: DataStream, error: unknown): void {
    this.logger.warn(`Callback of stream "${chunk.streamId}" failed on chunk ${chunk.sequence}`, error);
  }
}
