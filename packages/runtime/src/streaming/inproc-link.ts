import { TimeoutError } from "../errors/actr-error.js";
import type { ActrError } from "../errors/actr-error.js";
import type { CallLink, LinkEvents } from "./call-link.js";
import { CreditGate } from "./credit-gate.js";
import { StreamQueue } from "./stream-queue.js";

/**
 * Both sides of a streaming call within the process: message objects pass through two bounded
 * queues, never encoded, with the same credit rule as on the wire, so a slow reader holds its
 * writer back here too.
 */
export function inprocLinks(window: number, caller: LinkEvents, callee: LinkEvents): { caller: CallLink; callee: CallLink } {
  const upGate = new CreditGate();
  const downGate = new CreditGate();
  const stoppedReading = (who: string) => new TimeoutError(`The ${who} stopped reading the stream`);
  const up = new StreamQueue<unknown>(window, (credit) => upGate.grant(credit), () => {
    upGate.fail(stoppedReading("callee"));
    callee.cancelled();
  });
  const down = new StreamQueue<unknown>(window, (credit) => downGate.grant(credit), () => {
    downGate.fail(stoppedReading("caller"));
    caller.cancelled();
  });
  upGate.grant(window);
  downGate.grant(window);
  const link = (incoming: StreamQueue<unknown>, outgoing: StreamQueue<unknown>, gate: CreditGate, other: LinkEvents): CallLink => {
    let done = false;
    const finish = (): boolean => {
      if (done) return false;
      done = true;
      gate.fail(new TimeoutError("The stream has ended"));
      return true;
    };
    return {
      incoming,
      send(value) {
        const wait = gate.acquire();
        if (wait === undefined) {
          outgoing.push(value);
          return undefined;
        }
        return wait.then(() => outgoing.push(value));
      },
      end() {
        if (!finish()) return;
        outgoing.end();
        other.ended();
      },
      fail(error: ActrError) {
        if (!finish()) return;
        outgoing.fail(error);
        other.failed(error);
      },
      close(error: ActrError) {
        done = true;
        gate.fail(error);
        incoming.abort(error);
      },
    };
  };
  return { caller: link(down, up, upGate, callee), callee: link(up, down, downGate, caller) };
}
