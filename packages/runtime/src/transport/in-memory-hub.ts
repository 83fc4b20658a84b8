import { actrIdToString, actrTypeMatches, actrTypeToString, makeActrId } from "@actr/protocol";
import type { ActrId, ActrType } from "@actr/protocol";
import type { PayloadType } from "../common/payload-type.js";
import { nextTurn } from "../common/timers.js";
import { TargetNotFoundError, TransportError } from "../errors/actr-error.js";
import type { NetworkSession, NetworkStarter } from "./network.js";
import type { InboundSink, PeerTransport } from "./peer-transport.js";

/**
 * Actors of one process connected without sockets: each `starter()` session registers an actor
 * under a fresh serial, its transport hands bytes to the target's sink on a later turn (as a
 * network would) and discovery matches by actor type. The in-memory implementation of the
 * network seam, for tests and single-process setups.
 */
export class InMemoryHub {
  readonly #peers = new Map<string, HubTransport>();
  readonly #upListeners = new Set<{ readonly target: ActrType; readonly listener: (actorId: ActrId) => void | Promise<void> }>();
  #nextSerial = 1n;

  /** A NetworkStarter that joins this hub; pass it as `{ network }` to ActrSystem. */
  starter(): NetworkStarter {
    return async (config) => {
      const actorId = makeActrId(config.realmId, this.#nextSerial++, config.actrType);
      const transport = new HubTransport(this, actorId);
      this.#peers.set(actrIdToString(actorId), transport);
      for (const { target, listener } of this.#upListeners) {
        // A later turn, as a server's push would arrive; a failing listener must not break the join.
        if (actrTypeMatches(target, config.actrType)) {
          setImmediate(() => void Promise.resolve().then(() => listener(actorId)).catch(() => undefined));
        }
      }
      const session: NetworkSession = {
        actorId,
        transport,
        discover: async (target: ActrType) => {
          const found = [...this.#peers.values()].filter((peer) => peer.id.type !== undefined && actrTypeMatches(target, peer.id.type)).map((peer) => peer.id);
          if (found.length === 0) throw new TargetNotFoundError(`No actor of type ${actrTypeToString(target, { version: false })} in the hub`);
          return { candidates: found };
        },
        onActorUp: async (target, listener) => {
          const entry = { target, listener };
          this.#upListeners.add(entry);
          return () => void this.#upListeners.delete(entry);
        },
        close: () => transport.close(),
      };
      return session;
    };
  }

  peer(id: ActrId): HubTransport | undefined {
    return this.#peers.get(actrIdToString(id));
  }

  leave(transport: HubTransport): void {
    this.#peers.delete(actrIdToString(transport.id));
  }
}

class HubTransport implements PeerTransport {
  #sink: InboundSink | undefined;
  #closed = false;

  constructor(
    private readonly hub: InMemoryHub,
    readonly id: ActrId,
  ) {}

  async send(target: ActrId, payloadType: PayloadType, data: Uint8Array): Promise<void> {
    if (this.#closed) throw new TransportError(`Transport of ${actrIdToString(this.id)} is closed`);
    const peer = this.hub.peer(target);
    if (peer === undefined) throw new TransportError(`No actor ${actrIdToString(target)} in the hub`);
    // A copy, so the receiver never shares a buffer with the sender.
    const bytes = data.slice();
    nextTurn(() => peer.receive(this.id, payloadType, bytes));
  }

  setSink(sink: InboundSink): void {
    this.#sink = sink;
  }

  receive(sender: ActrId, payloadType: PayloadType, data: Uint8Array): void {
    if (!this.#closed) this.#sink?.(sender, payloadType, data);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.hub.leave(this);
  }
}
