import type { ActrId } from "@actr/protocol";

/** Where a call goes: the hosting app (shell), this actor's own workload (local), or a remote actor. */
export type Dest =
  | { readonly kind: "shell" }
  | { readonly kind: "local" }
  | { readonly kind: "actor"; readonly id: ActrId };

const SHELL: Dest = Object.freeze({ kind: "shell" });
const LOCAL: Dest = Object.freeze({ kind: "local" });

export const Dest = {
  /** From the workload to the app that hosts it. */
  shell: (): Dest => SHELL,
  /** To this actor's own workload. */
  local: (): Dest => LOCAL,
  /** To a remote actor, over WebRTC or WebSocket. */
  actor: (id: ActrId): Dest => ({ kind: "actor", id }),
};
