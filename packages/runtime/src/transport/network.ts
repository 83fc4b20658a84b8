import type { ActrId, ActrType, ServiceSpec } from "@actr/protocol";
import type { RuntimeConfig } from "../config/runtime-config.js";
import type { PeerTransport } from "./peer-transport.js";

/** What starting the network of an actor yields: its identity, a transport and discovery. */
export interface NetworkSession {
  /** The identity signaling assigned at registration (a new one after onActorIdChanged). */
  readonly actorId: ActrId;
  /**
   * Calls `listener` with the new id when the actor had to register again under another one (the
   * signaling server forgot it); absent where ids never change (e.g. the in-memory hub).
   */
  onActorIdChanged?(listener: (actorId: ActrId) => void): void;
  readonly transport: PeerTransport;
  /**
   * Route candidates for a type, best first (at most `candidateCount` when given); rejects with
   * TargetNotFoundError when there is none.
   */
  discover(target: ActrType, fingerprint: string, candidateCount?: number): Promise<RouteCandidates>;
  /**
   * Calls `listener` each time an actor of `target` comes online (an empty version matches any);
   * resolves, once the subscription is in place, with the function that ends it.
   */
  onActorUp?(target: ActrType, listener: (actorId: ActrId) => void | Promise<void>): Promise<() => void>;
  /** Unregisters and closes the signaling socket, listeners and wires. */
  close(): Promise<void>;
}

/** Starts an actor's network: register, listen, connect signaling. */
export type NetworkStarter = (config: RuntimeConfig, spec: ServiceSpec | undefined) => Promise<NetworkSession>;

/** What discovery found. */
export interface RouteCandidates {
  readonly candidates: readonly ActrId[];
  /** How the candidates compare with the fingerprint asked for; undefined when the server does not say (e.g. actrix). */
  readonly compatibility?: Compatibility | undefined;
}

export interface Compatibility {
  /** Some candidate serves exactly the fingerprint asked for. */
  readonly exactMatch: boolean;
  /** Candidates were found, none with the fingerprint asked for. */
  readonly subHealthy: boolean;
  /** The service fingerprint of each candidate, in candidate order. */
  readonly candidates: readonly { readonly id: ActrId; readonly fingerprint: string; readonly exact: boolean }[];
}
