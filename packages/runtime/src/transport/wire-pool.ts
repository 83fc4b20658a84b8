import { actrIdToString, type ActrId } from "@actr/protocol";
import { TransportError } from "../errors/actr-error.js";
import type { Wire, WireConnector, WireKind } from "./wire.js";

/** Preferred first when several wires to a peer are open. */
const PREFERENCE: readonly WireKind[] = ["webrtc", "websocket"];

export interface WirePoolOptions {
  /** How often a kind of wire that is down gets redialed while another one serves; default 10 s. */
  readonly healthCheckMs: number;
}

export const DEFAULT_WIRE_POOL_OPTIONS: WirePoolOptions = { healthCheckMs: 10_000 };

/**
 * The wires to one peer: ours and the ones the peer dialed in. Sends use the
 * preferred open wire; when none is open, every connector dials concurrently and the first wire
 * up serves until the preferred one opens. A closed wire leaves the pool; while another wire
 * serves, a health check redials only the kinds that are down. With no wire left the next send
 * dials again.
 */
export class WirePool {
  private readonly wires: Wire[] = [];
  private readonly dialing = new Map<WireKind, Promise<Wire>>();
  private connecting: Promise<Wire> | undefined;
  private health: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly target: ActrId,
    private readonly connectors: readonly WireConnector[],
    private readonly options: WirePoolOptions = DEFAULT_WIRE_POOL_OPTIONS,
  ) {}

  /** The preferred open wire, if there is one. */
  current(): Wire | undefined {
    for (const kind of PREFERENCE) {
      const wire = this.wires.find((candidate) => candidate.kind === kind && candidate.isOpen);
      if (wire !== undefined) return wire;
    }
    return undefined;
  }

  /** An open wire, dialing when there is none. Rejects with a TransportError. */
  acquire(): Promise<Wire> {
    const wire = this.current();
    if (wire !== undefined) return Promise.resolve(wire);
    if (this.closed) return Promise.reject(this.closedError());
    this.connecting ??= this.connectAll().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  /** An open wire of `kind`, dialing that kind when none is open. Rejects with a TransportError. */
  async acquireKind(kind: WireKind): Promise<Wire> {
    const open = this.wires.find((wire) => wire.kind === kind && wire.isOpen);
    if (open !== undefined) return open;
    if (this.closed) throw this.closedError();
    const connector = this.connectors.find((candidate) => candidate.kind === kind);
    if (connector === undefined) throw new TransportError(`This actor does not dial ${kind} (disabled in its configuration)`);
    return this.dial(connector);
  }

  /** Adds a wire, e.g. one the peer dialed in, so that replies reuse it. */
  add(wire: Wire): void {
    if (this.closed) {
      wire.close();
      return;
    }
    if (this.wires.includes(wire)) return;
    this.wires.push(wire);
    wire.onClose(() => {
      const index = this.wires.indexOf(wire);
      if (index >= 0) this.wires.splice(index, 1);
    });
  }

  /** Closes the open wires of one kind; the health check redials them while another kind serves. */
  closeKind(kind: WireKind): number {
    const wires = this.wires.filter((wire) => wire.kind === kind);
    for (const wire of wires) wire.close();
    return wires.length;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.health);
    for (const wire of [...this.wires]) wire.close();
  }

  private async connectAll(): Promise<Wire> {
    if (this.connectors.length === 0) {
      throw new TransportError(`No wire kind is configured to reach ${actrIdToString(this.target)}`);
    }
    if (this.health === undefined) {
      this.health = setInterval(() => this.redialMissing(), this.options.healthCheckMs);
      this.health.unref();
    }
    const attempts = this.connectors.map((connector) => this.dial(connector));
    try {
      await Promise.any(attempts);
    } catch (error) {
      const reasons = (error as AggregateError).errors.map((cause: unknown) =>
        cause instanceof Error ? cause.message : String(cause),
      );
      throw new TransportError(`Cannot reach ${actrIdToString(this.target)}: ${reasons.join("; ")}`, { cause: error });
    }
    // The preferred wire may have come up second; a wire that closed meanwhile counts as a failure.
    const wire = this.current();
    if (wire === undefined) throw this.closedError();
    return wire;
  }

  /** One dial per kind at a time; the wire joins the pool when it is up. */
  private dial(connector: WireConnector): Promise<Wire> {
    const running = this.dialing.get(connector.kind);
    if (running !== undefined) return running;
    const dialed = connector
      .connect(this.target)
      .then((wire) => {
        this.add(wire);
        return wire;
      })
      .finally(() => this.dialing.delete(connector.kind));
    this.dialing.set(connector.kind, dialed);
    return dialed;
  }

  private redialMissing(): void {
    // Nothing to keep healthy until a send needs the peer again.
    if (this.closed || this.current() === undefined) return;
    for (const connector of this.connectors) {
      const up = this.wires.some((wire) => wire.kind === connector.kind && wire.isOpen);
      // A failure is retried at the next check; the serving wire carries the traffic meanwhile.
      if (!up) this.dial(connector).catch(() => undefined);
    }
  }

  private closedError(): TransportError {
    return new TransportError(`Connection to ${actrIdToString(this.target)} closed`);
  }
}
