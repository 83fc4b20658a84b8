import type { ActrError } from "../errors/actr-error.js";

/**
 * The receiving side of one direction of a streaming call: messages wait here until the consumer's
 * `for await` takes them. It holds at most the window it granted, because the sender waits for
 * credit; `onConsumed` returns credit in batches as the consumer reads, and `onCancel` runs when
 * the consumer stops early (break, return, throw in the loop).
 */
export class StreamQueue<T> implements AsyncIterable<T> {
  readonly #items: T[] = [];
  #head = 0;
  #ended = false;
  #error: ActrError | undefined;
  #wake: (() => void) | undefined;
  #consumed = 0;
  #iterated = false;
  #closed = false;

  constructor(
    /** How many messages the sender may have outstanding; credit comes back in halves of it. */
    readonly window: number,
    private readonly onConsumed: (credit: number) => void,
    private readonly onCancel: () => void,
  ) {}

  get buffered(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    if (this.#ended || this.#closed) return;
    this.#items.push(item);
    this.#notify();
  }

  /** The sender finished; the consumer sees the end once it has read what is buffered. */
  end(): void {
    this.#ended = true;
    this.#notify();
  }

  /** The stream failed: the consumer gets `error` once it has read what is buffered. */
  fail(error: ActrError): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    this.#notify();
  }

  /** Fails at once, dropping what is buffered (deadline, cancellation, a closed wire); a stream that already ended keeps its end. */
  abort(error: ActrError): void {
    if (this.#closed || this.#ended) return;
    this.#items.length = 0;
    this.#head = 0;
    this.fail(error);
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.#iterated) throw new TypeError("A stream of messages can be iterated only once");
    this.#iterated = true;
    return {
      next: () => this.#next(),
      return: async () => {
        this.#close(true);
        return { done: true, value: undefined };
      },
    };
  }

  /** A buffered message is handed over without an async function's extra turn; waiting is the slow path. */
  #next(): Promise<IteratorResult<T>> {
    if (this.#closed) return Promise.resolve({ done: true, value: undefined });
    if (this.#head < this.#items.length) return Promise.resolve({ done: false, value: this.#take() });
    if (this.#ended) {
      this.#close(false);
      return this.#error === undefined ? Promise.resolve({ done: true, value: undefined }) : Promise.reject(this.#error);
    }
    return new Promise<void>((resolve) => (this.#wake = resolve)).then(() => this.#next());
  }

  #take(): T {
    const value = this.#items[this.#head] as T;
    this.#items[this.#head++] = undefined as T;
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items.splice(0, this.#head);
      this.#head = 0;
    }
    if (++this.#consumed * 2 >= this.window) {
      const credit = this.#consumed;
      this.#consumed = 0;
      this.onConsumed(credit);
    }
    return value;
  }

  #close(early: boolean): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#items.length = 0;
    this.#head = 0;
    if (early && !this.#ended) this.onCancel();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
