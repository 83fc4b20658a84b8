import { UnknownRouteError } from "../errors/actr-error.js";
import type { Workload } from "./workload.js";

/**
 * The workload of an actor that only calls others (an app or a client): it serves no route, so
 * every request to it is answered with UnknownRouteError.
 */
export class NoServiceWorkload implements Workload {
  readonly routeKeys: readonly string[] = [];

  constructor(private readonly name = "an actor without services") {}

  dispatch(routeKey: string): Promise<Uint8Array> {
    return Promise.reject(UnknownRouteError.forRoute(routeKey, this.name, this.routeKeys));
  }
}
