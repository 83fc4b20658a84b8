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

  constructor(
    private readonly name = "an actor without services",
    private readonly hooks: ClientHooks = {},
  ) {}

  async onStart(ctx: Context): Promise<void> {
    await this.hooks.onStart?.(ctx);
  }

  async onStop(ctx: Context): Promise<void> {
    await this.hooks.onStop?.(ctx);
  }

  dispatch(routeKey: string): Promise<Uint8Array> {
    return Promise.reject(UnknownRouteError.forRoute(routeKey, this.name, this.routeKeys));
  }
}
