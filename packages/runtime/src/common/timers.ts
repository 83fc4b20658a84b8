/** A timer handle: an object with ref/unref on Node, a number in a browser. */
export type TimerHandle = ReturnType<typeof setTimeout>;

/** Lets the process exit while only this timer is pending (Node); nothing to do elsewhere. */
export function unrefTimer(timer: TimerHandle | undefined): void {
  if (typeof timer === "object" && timer !== null && "unref" in timer) timer.unref();
}

/** Keeps the process alive while this timer is pending again (Node). */
export function refTimer(timer: TimerHandle | undefined): void {
  if (typeof timer === "object" && timer !== null && "ref" in timer) timer.ref();
}

/** Runs `task` on a later turn of the event loop: setImmediate on Node, a zero timeout elsewhere. */
export const nextTurn: (task: () => void) => void =
  typeof setImmediate === "function" ? (task) => void setImmediate(task) : (task) => void setTimeout(task, 0);
