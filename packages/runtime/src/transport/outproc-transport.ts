import { actrIdToString, type ActrId } from "@actr/protocol";
import type { Logger } from "../common/logger.js";
import type { PayloadType } from "../common/payload-type.js";
import { TransportError } from "../errors/actr-error.js";
import { DestTransport } from "./dest-transport.js";
import { OutprocMedia } from "./outproc-media.js";
import type { InboundSink, PeerTransport } from "./peer-transport.js";
import type { Wire, WireConnector, WireKind } from "./wire.js";
import type { WirePoolOptions } from "./wire-pool.js";

/**
 * The PeerTransport of a networked actor: one DestTransport
 * per peer, created on first use, dialing through the registered wire connectors.
 */
export class OutprocTransport implements PeerTransport {
  private readonly connectors: WireConnector[] = [];
  private readonly dests = new Map<string, DestTransport>();
  private readonly deliveredByKind = new Map<WireKind, number>();
  private sink: InboundSink | undefined;
  private closed = false;
  /** Media tracks ride the peer's WebRTC wire. */
  readonly media = new OutprocMedia((target) =>
    this.closed ? Promise.reject(new TransportError("Transport is closed")) : this.dest(target).acquireKind("webrtc"),
  );

  constructor(
    private readonly logger: Logger,
    private readonly poolOptions?: WirePoolOptions,
  ) {}

  /** Adds a way to dial peers; connectors are tried concurrently. */
  addConnector(connector: WireConnector): void {
    this.connectors.push(connector);
  }

  send(target: ActrId, payloadType: PayloadType, data: Uint8Array): Promise<Wire> {
    if (this.closed) return Promise.reject(new TransportError("Transport is closed"));
    return this.dest(target).send(payloadType, data);
  }

  setSink(sink: InboundSink): void {
    this.sink = sink;
  }

  /** Hands a received message to the sink; wires call this, naming their kind. */
  deliver(sender: ActrId, payloadType: PayloadType, data: Uint8Array, via?: WireKind): void {
    if (via !== undefined) this.deliveredByKind.set(via, (this.deliveredByKind.get(via) ?? 0) + 1);
    if (this.sink === undefined) {
      this.logger.warn(`Dropped a message from ${actrIdToString(sender)}: no inbound sink is set yet`);
      return;
    }
    this.sink(sender, payloadType, data);
  }

  /** Registers a wire the peer dialed in, so that messages to that peer reuse it. */
  adopt(wire: Wire): void {
    if (this.closed) wire.close();
    else this.dest(wire.peer).adopt(wire);
  }

  /** How many messages arrived over wires of `kind` (what carried the traffic). */
  delivered(kind: WireKind): number {
    return this.deliveredByKind.get(kind) ?? 0;
  }

  /** The kind of wire sends to `target` use now, if one is open. */
  wireTo(target: ActrId): WireKind | undefined {
    return this.currentWire(target)?.kind;
  }

  /** The wire sends to `target` use now, if one is open. */
  currentWire(target: ActrId): Wire | undefined {
    return this.dests.get(destKey(target))?.currentWire();
  }

  /**
   * Closes the wires of one kind to `target` (to move its traffic off a bad link); traffic goes on
   * over the other kind and the health check redials these. Returns how many were closed.
   */
  closeWires(target: ActrId, kind: WireKind): number {
    return this.dests.get(destKey(target))?.closeWires(kind) ?? 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const dest of this.dests.values()) dest.close();
    this.dests.clear();
  }

  private dest(target: ActrId): DestTransport {
    const key = destKey(target);
    let dest = this.dests.get(key);
    if (dest === undefined) {
      dest = new DestTransport(target, this.connectors, this.poolOptions);
      this.dests.set(key, dest);
    }
    return dest;
  }
}

// Senders pass the same ActrId object again and again (the peer of a wire, a discovered id).
const keys = new WeakMap<ActrId, string>();

function destKey(id: ActrId): string {
  let key = keys.get(id);
  if (key === undefined) {
    key = actrIdToString(id);
    keys.set(id, key);
  }
  return key;
}
