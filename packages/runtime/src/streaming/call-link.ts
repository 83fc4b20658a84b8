import type { ActrError } from "../errors/actr-error.js";
import type { StreamQueue } from "./stream-queue.js";

/** One side's view of a streaming call: the messages the other side sends, and its own sending. */
export interface CallLink {
  /** Messages from the other side, as objects. */
  readonly incoming: StreamQueue<unknown>;
  /** Sends one message; waits while the other side has granted no credit. Rejects once the link is closed. */
  send(value: unknown): Promise<void> | undefined;
  /** This side sends no more messages. */
  end(): void;
  /** This side's messages end with an error. */
  fail(error: ActrError): void;
  /** Local teardown: stops sending and fails the incoming messages with `error` (nothing is sent). */
  close(error: ActrError): void;
}

/** What a link reports to the call it belongs to. */
export interface LinkEvents {
  /** The other side ended its messages. */
  ended(): void;
  /** The other side failed, or its messages could not be read or sent. */
  failed(error: ActrError): void;
  /** This side's consumer stopped reading before the end (break out of `for await`). */
  cancelled(): void;
}
