import { PayloadType } from "../common/payload-type.js";

let last = 0;

/**
 * A stamp of when a message reached this process, shared by the durable mailbox and the inproc
 * inbox so the State Path keeps FIFO order across both. Only its order matters.
 */
export function nextArrival(): number {
  return ++last;
}

/** What the State Path orders by. */
export interface Queued {
  readonly payloadType: PayloadType;
  readonly arrival: number;
}

/** Whether `a` is handled before `b`: RPC_SIGNAL before RPC_RELIABLE, then by arrival. */
export function goesFirst(a: Queued, b: Queued): boolean {
  const aSignal = a.payloadType === PayloadType.RPC_SIGNAL;
  if (aSignal !== (b.payloadType === PayloadType.RPC_SIGNAL)) return aSignal;
  return a.arrival < b.arrival;
}
