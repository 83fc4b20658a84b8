import type { ActrId } from "@actr/protocol";

/** The questions every Dest answers, besides its `kind`. */
interface DestQueries {
  isShell(): boolean;
  isLocal(): boolean;
  isActor(): this is { readonly kind: "actor"; readonly id: ActrId };
  /** The remote actor's id; undefined for shell and local. */
  asActorId(): ActrId | undefined;
}

/** Where a call goes: the hosting app (shell), this actor's own workload (local), or a remote actor. */
export type Dest = (
  | { readonly kind: "shell" }
  | { readonly kind: "local" }
  | { readonly kind: "actor"; readonly id: ActrId }
) &
  DestQueries;

const queries: DestQueries & ThisType<Dest> = {
  isShell() {
    return this.kind === "shell";
  },
  isLocal() {
    return this.kind === "local";
  },
  isActor(): this is { readonly kind: "actor"; readonly id: ActrId } {
    return this.kind === "actor";
  },
  asActorId() {
    return this.kind === "actor" ? this.id : undefined;
  },
};

function make(fields: { readonly kind: "shell" } | { readonly kind: "local" } | { readonly kind: "actor"; readonly id: ActrId }): Dest {
  return Object.freeze(Object.assign(Object.create(queries) as DestQueries, fields)) as Dest;
}

const SHELL = make({ kind: "shell" });
const LOCAL = make({ kind: "local" });

export const Dest = {
  /** From the workload to the app that hosts it. */
  shell: (): Dest => SHELL,
  /** To this actor's own workload. */
  local: (): Dest => LOCAL,
  /** To a remote actor, over WebRTC or WebSocket. */
  actor: (id: ActrId): Dest => make({ kind: "actor", id }),
};
