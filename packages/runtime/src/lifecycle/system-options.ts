import type { Logger } from "../common/logger.js";
import type { NetworkStarter } from "../transport/network.js";

/** How an ActrSystem reaches the outside world. */
export interface ActrSystemOptions {
  /**
   * Starts the actor's network (e.g. `startNetwork`); called by `node.start()` when the config has
   * [system.signaling]. Its session gives the actor its id, the PeerTransport for Dest.actor()
   * and discovery. Without it the actor runs inproc only, with a random serial in its realm.
   */
  readonly network?: NetworkStarter;
  /** Defaults to stderr at the level of ACTR_LOG (default "warn"). */
  readonly logger?: Logger;
}
