import { performance } from "node:perf_hooks";

/**
 * Runs CPU-heavy tasks after the event loop's I/O, at most `sliceMs` worth per turn, so the frames
 * of connected actors (Pings, relays) are served between them instead of waiting behind a burst
 * of registrations.
 */
export class SlicedQueue {
  private readonly tasks: (() => void)[] = [];
  private scheduled = false;

  constructor(private readonly sliceMs: number) {}

  run<T>(task: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.tasks.push(() => {
        try {
          resolve(task());
        } catch (error) {
          reject(error);
        }
      });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  private drain(): void {
    this.scheduled = false;
    const until = performance.now() + this.sliceMs;
    do this.tasks.shift()?.();
    while (this.tasks.length > 0 && performance.now() < until);
    if (this.tasks.length > 0) this.schedule();
  }
}
