/**
 * The sending side of a stream's flow control: a message may go out only while the receiver has
 * granted credit for it, so a receiver that stops reading stops the sender.
 */
export class CreditGate {
  #credit = 0;
  #waiter: { resolve: () => void; reject: (error: Error) => void } | undefined;
  #failed: Error | undefined;

  /** Takes one credit, waiting for a grant when there is none; rejects once the gate failed. */
  acquire(): Promise<void> | undefined {
    if (this.#failed !== undefined) return Promise.reject(this.#failed);
    if (this.#credit > 0) {
      this.#credit--;
      // No promise on the common path: a stream of small messages pays nothing for credit it has.
      return undefined;
    }
    return new Promise<void>((resolve, reject) => {
      this.#waiter = {
        resolve: () => {
          this.#credit--;
          resolve();
        },
        reject,
      };
    });
  }

  grant(count: number): void {
    if (this.#failed !== undefined || !(count > 0)) return;
    this.#credit += count;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.resolve();
  }

  /** No more sending: the waiting and every later acquire reject with `error`. */
  fail(error: Error): void {
    if (this.#failed !== undefined) return;
    this.#failed = error;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.reject(error);
  }
}
