import type { Context } from "../context/context.js";
import { UnknownRouteError } from "../errors/actr-error.js";
import type { Workload } from "./workload.js";

/** What a client-only actor may still want: lifecycle hooks, no routes. */
export interface ClientHooks {
  onStart?(ctx: Context): Promise<void>;
  onStop?(ctx: Context): Promise<void>;
}

/**
 * The workload of an actor that only calls others (an app or a client): it serves no route, so
 * every request to it is answered with UnknownRouteError. `system.attach()` and
 * `system.attach({ onStart })` build one.
 */
export class NoServiceWorkload implements Workload {
  readonly routeKeys: readonly string[] = [];
  readonly onStart?: (ctx: Context) => Promise<void>;
  readonly onStop?: (ctx: Context) => Promise<void>;

  constructor(
    private readonly name = "an actor without services",
    hooks: ClientHooks = {},
  ) {
    if (hooks.onStart !== undefined) this.onStart = (ctx) => hooks.onStart?.call(hooks, ctx) ?? Promise.resolve();
    if (hooks.onStop !== undefined) this.onStop = (ctx) => hooks.onStop?.call(hooks, ctx) ?? Promise.resolve();
  }

  dispatch(routeKey: string): Promise<Uint8Array> {
    return Promise.reject(UnknownRouteError.forRoute(routeKey, this.name, this.routeKeys));
  }
}
