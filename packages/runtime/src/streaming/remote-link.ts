import type { ActrId, DataStream } from "@actr/protocol";
import { ActrError, DecodeError, TimeoutError } from "../errors/actr-error.js";
import { errorFromReply, toErrorReply } from "../errors/error-response.js";
import type { CallLink, LinkEvents } from "./call-link.js";
import { CreditGate } from "./credit-gate.js";
import { StreamQueue } from "./stream-queue.js";
import { creditChunk, endChunk, errorChunk, messageChunk, readChunk } from "./stream-wire.js";

/** Sends one chunk to the peer; rejects with a TransportError. */
export type ChunkSender = (chunk: DataStream) => Promise<unknown>;

/**
 * One side of a streaming call with a remote actor: chunks in on `incomingId` become messages (or
 * credit for this side's sending), this side's messages go out as chunks on `outgoingId`.
 */
export class RemoteLink implements CallLink {
  readonly incoming: StreamQueue<unknown>;
  readonly #gate = new CreditGate();
  #outSeq = 0n;
  #inSeq = 0n;
  /** Chunks that came before their turn, by sequence. */
  readonly #early = new Map<bigint, DataStream>();
  #done = false;

  constructor(
    readonly peer: ActrId,
    readonly incomingId: string,
    private readonly outgoingId: string,
    window: number,
    private readonly sendChunk: ChunkSender,
    private readonly decode: (payload: Uint8Array) => unknown,
    private readonly events: LinkEvents,
  ) {
    this.incoming = new StreamQueue<unknown>(window, (credit) => this.#control(creditChunk(this.outgoingId, this.#outSeq++, credit)), () => events.cancelled());
  }

  /** The other side may send `count` messages (its initial window, or credit). */
  grant(count: number): void {
    this.#gate.grant(count);
  }

  /** Tells the other side it may send a window of messages before it waits for credit. */
  grantWindow(): void {
    this.#control(creditChunk(this.outgoingId, this.#outSeq++, this.incoming.window));
  }

  /**
   * Takes chunks in sequence order: one that comes early (the peer's traffic moved from one wire to
   * another mid-stream) waits for those before it; a repeated one is dropped.
   */
  deliver(chunk: DataStream): void {
    if (chunk.sequence !== this.#inSeq) {
      if (chunk.sequence < this.#inSeq) return;
      // Never more than a window of messages and the control chunks they caused can be ahead.
      if (this.#early.size >= 2 * this.incoming.window) {
        return this.#broken(new DecodeError(`Chunk ${this.#inSeq} of ${chunk.streamId} never came, though ${this.#early.size} later ones did`));
      }
      this.#early.set(chunk.sequence, chunk);
      return;
    }
    this.#take(chunk);
    for (let next = this.#early.get(this.#inSeq); next !== undefined; next = this.#early.get(this.#inSeq)) {
      this.#early.delete(this.#inSeq);
      this.#take(next);
    }
  }

  #take(chunk: DataStream): void {
    this.#inSeq++;
    let read;
    try {
      read = readChunk(chunk);
    } catch (error) {
      return this.#broken(ActrError.from(error));
    }
    switch (read.type) {
      case "message": {
        // A sender that waits for credit never has more than the window unread here.
        if (this.incoming.buffered >= this.incoming.window) {
          return this.#broken(new DecodeError(`Message ${chunk.sequence} of ${chunk.streamId} came beyond the window of ${this.incoming.window} the sender was granted`));
        }
        let value: unknown;
        try {
          value = this.decode(read.payload);
        } catch (cause) {
          return this.#broken(new DecodeError(`Cannot decode message ${chunk.sequence} of ${chunk.streamId}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause }));
        }
        return this.incoming.push(value);
      }
      case "end":
        this.incoming.end();
        return this.events.ended();
      case "error": {
        const error = errorFromReply(read.error);
        this.incoming.fail(error);
        return this.events.failed(error);
      }
      case "credit":
        return this.#gate.grant(read.credit);
    }
  }

  send(payload: unknown): Promise<void> | undefined {
    const wait = this.#gate.acquire();
    if (wait === undefined) return this.#message(payload as Uint8Array);
    return wait.then(() => this.#message(payload as Uint8Array));
  }

  end(): void {
    if (this.#finish()) this.#control(endChunk(this.outgoingId, this.#outSeq++));
  }

  fail(error: ActrError): void {
    if (this.#finish()) this.#control(errorChunk(this.outgoingId, this.#outSeq++, toErrorReply(error)));
  }

  close(error: ActrError): void {
    this.#done = true;
    this.#gate.fail(error);
    this.incoming.abort(error);
  }

  #finish(): boolean {
    if (this.#done) return false;
    this.#done = true;
    this.#gate.fail(new TimeoutError(`Stream ${this.outgoingId} has ended`));
    return true;
  }

  #message(payload: Uint8Array): Promise<void> {
    return this.sendChunk(messageChunk(this.outgoingId, this.#outSeq++, payload)).then(
      () => undefined,
      (error: unknown) => {
        const failure = ActrError.from(error);
        this.events.failed(failure);
        throw failure;
      },
    );
  }

  /** Control chunks go out in order with the messages; a failed one fails the call. */
  #control(chunk: DataStream): void {
    this.sendChunk(chunk).catch((error: unknown) => this.events.failed(ActrError.from(error)));
  }

  #broken(error: ActrError): void {
    this.incoming.fail(error);
    this.events.failed(error);
  }
}
