import { actrIdToString, type ActrId } from "@actr/protocol";
import { TransportError } from "../errors/actr-error.js";
import type { Wire, WireConnector, WireKind } from "./wire.js";

/** Preferred first when several wires to a peer are open. */
const PREFERENCE: readonly WireKind[] = ["webrtc", "websocket"];

/**
 * The wires to one peer (seed 003, "WirePool"): ours and the ones the peer dialed in. Sends use the
 * preferred open wire; when none is open, every connector dials concurrently and the first wire
 * up serves. A closed wire leaves the pool, so the next send dials again.
 */
export class WirePool {
  private readonly wires: Wire[] = [];
  private connecting: Promise<Wire> | undefined;
  private closed = false;

  constructor(
    private readonly target: ActrId,
    private readonly connectors: readonly WireConnector[],
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

  /** Adds a wire, e.g. one the peer dialed in, so that replies reuse it. */
  add(wire: Wire): void {
    if (this.closed) {
      wire.close();
      return;
    }
    this.wires.push(wire);
    wire.onClose(() => {
      const index = this.wires.indexOf(wire);
      if (index >= 0) this.wires.splice(index, 1);
    });
  }

  close(): void {
    this.closed = true;
    for (const wire of [...this.wires]) wire.close();
  }

  private async connectAll(): Promise<Wire> {
    if (this.connectors.length === 0) {
      throw new TransportError(`No wire kind is configured to reach ${actrIdToString(this.target)}`);
    }
    const attempts = this.connectors.map(async (connector) => {
      const wire = await connector.connect(this.target);
      this.add(wire);
      return wire;
    });
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

  private closedError(): TransportError {
    return new TransportError(`Connection to ${actrIdToString(this.target)} closed`);
  }
}
