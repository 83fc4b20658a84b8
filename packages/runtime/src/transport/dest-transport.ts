import type { ActrId } from "@actr/protocol";
import type { PayloadType } from "../common/payload-type.js";
import type { Wire, WireConnector, WireKind } from "./wire.js";
import { WirePool, type WirePoolOptions } from "./wire-pool.js";

/**
 * Everything this actor sends to one peer. Messages keep their order:
 * while a wire is being dialed, later sends queue behind the earlier ones.
 */
export class DestTransport {
  private readonly pool: WirePool;
  private pending: Promise<unknown> | undefined;

  constructor(target: ActrId, connectors: readonly WireConnector[], poolOptions?: WirePoolOptions) {
    this.pool = new WirePool(target, connectors, poolOptions);
  }

  /** Resolves with the wire that carried the message. */
  send(payloadType: PayloadType, data: Uint8Array): Promise<Wire> {
    const wire = this.pending === undefined ? this.pool.current() : undefined;
    if (wire !== undefined) return wire.lane(payloadType).send(data).then(() => wire);
    const sent = (this.pending ?? Promise.resolve()).then(async () => {
      const ready = await this.pool.acquire();
      await ready.lane(payloadType).send(data);
      return ready;
    });
    // The queue moves on after a failed send; the failure goes to that send's caller.
    const tail = sent.catch(() => undefined);
    this.pending = tail;
    void tail.then(() => {
      if (this.pending === tail) this.pending = undefined;
    });
    return sent;
  }

  /** The wire sends use now, if one is open. */
  currentWire(): Wire | undefined {
    return this.pool.current();
  }

  /** An open wire of `kind` to the peer, dialing it when there is none. */
  acquireKind(kind: WireKind): Promise<Wire> {
    return this.pool.acquireKind(kind);
  }

  /** Closes the wires of one kind; see WirePool.closeKind. */
  closeWires(kind: WireKind): number {
    return this.pool.closeKind(kind);
  }

  /** Adds a wire the peer dialed in. */
  adopt(wire: Wire): void {
    this.pool.add(wire);
  }

  close(): void {
    this.pool.close();
  }
}
