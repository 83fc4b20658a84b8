import type { RateLimiter } from "./http/rate-limiter.js";
import type { SlicedQueue } from "./http/sliced-queue.js";
import type { CredentialIssuer } from "./identity/credential-issuer.js";
import type { ActorRegistry } from "./registry/actor-registry.js";
import type { ResolvedServerOptions } from "./server-options.js";
import type { SessionTable } from "./ws/session-table.js";

/** The state every handler works on; one per server. */
export interface ServerContext {
  readonly options: ResolvedServerOptions;
  readonly issuer: CredentialIssuer;
  readonly registry: ActorRegistry;
  readonly sessions: SessionTable;
  /** Registrations per client address. */
  readonly registerLimiter: RateLimiter;
  /** Where registrations and renewals (signing, storing) run, so actors' frames get in between. */
  readonly heavyWork: SlicedQueue;
}
