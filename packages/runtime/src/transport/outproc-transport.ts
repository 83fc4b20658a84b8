import { actrIdToString, type ActrId } from "@actr/protocol";
import type { Logger } from "../common/logger.js";
import type { PayloadType } from "../common/payload-type.js";
import { TransportError } from "../errors/actr-error.js";
import { DestTransport } from "./dest-transport.js";
import type { InboundSink, PeerTransport } from "./peer-transport.js";
import type { Wire, WireConnector } from "./wire.js";

/**
 * The PeerTransport of a networked actor (seed 003, "OutprocTransportManager"): one DestTransport
 * per peer, created on first use, dialing through the registered wire connectors.
 */
export class OutprocTransport implements PeerTransport {
  private readonly connectors: WireConnector[] = [];
  private readonly dests = new Map<string, DestTransport>();
  private sink: InboundSink | undefined;
  private closed = false;

  constructor(private readonly logger: Logger) {}

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

  /** Hands a received message to the sink; wires call this. */
  deliver(sender: ActrId, payloadType: PayloadType, data: Uint8Array): void {
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

  async close(): Promise<void> {
    this.closed = true;
    for (const dest of this.dests.values()) dest.close();
    this.dests.clear();
  }

  private dest(target: ActrId): DestTransport {
    const key = destKey(target);
    let dest = this.dests.get(key);
    if (dest === undefined) {
      dest = new DestTransport(target, this.connectors);
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
