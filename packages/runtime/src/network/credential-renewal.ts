import { create } from "@bufbuild/protobuf";
import { actrIdToString, RenewCredentialRequestSchema, type RegisterOk } from "@actr/protocol";
import type { Logger } from "../common/logger.js";
import type { ActorIdentity } from "./actor-identity.js";
import { renewCredential } from "./ais-client.js";
import { Backoff, type BackoffOptions } from "./backoff.js";
import { CredentialRejectedError } from "./signaling-error.js";

/** Renew when this share of the credential's remaining lifetime has passed. */
const RENEW_AT_SHARE = 0.8;

export interface CredentialRenewalOptions {
  readonly aisUrl: string;
  readonly identity: ActorIdentity;
  readonly requestTimeoutMs: number;
  /** Delays between failed attempts. */
  readonly retry: BackoffOptions;
  readonly logger: Logger;
  /**
   * Registers this actor again (its type, spec, ACL and ws address), for when the server refuses
   * the renewal token because it forgot the actor (e.g. it restarted with a fresh registry).
   */
  readonly register: () => Promise<RegisterOk>;
  /** Called after each successful renewal or new registration. */
  readonly onRenewed?: () => void;
}

/**
 * Keeps the credential of an actor fresh: `POST {ais}/renew` before it expires, and a new
 * registration (under a new id) when the server no longer knows the actor.
 */
export class CredentialRenewal {
  private timer: NodeJS.Timeout | undefined;
  private readonly backoff: Backoff;
  private stopped = false;
  private renewing = false;
  private renewAtMs = 0;

  constructor(private readonly options: CredentialRenewalOptions) {
    this.backoff = new Backoff(options.retry);
  }

  start(): void {
    const now = Date.now();
    this.renewAtMs = now + Math.max(0, this.options.identity.expiresAtMs - now) * RENEW_AT_SHARE;
    this.schedule(this.renewAtMs - now);
  }

  /** Renews at once (e.g. the server warned that the credential's key is being retired). */
  renewNow(): void {
    if (this.stopped || this.renewing) return;
    clearTimeout(this.timer);
    void this.renew();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    // setTimeout holds at most 2^31-1 ms; a longer wait takes several timers.
    this.timer = setTimeout(() => {
      const left = this.renewAtMs - Date.now();
      if (left > 0) this.schedule(left);
      else void this.renew();
    }, Math.min(delayMs, 2 ** 31 - 1));
    this.timer.unref();
  }

  /** The server refused the renewal token: only a new registration, under a new id, brings the actor back. */
  private async registerAgain(): Promise<void> {
    const { identity, logger } = this.options;
    const previous = actrIdToString(identity.actorId);
    const ok = await this.options.register();
    if (this.stopped) return;
    identity.replace(ok);
    logger.warn(`Signaling server no longer knows ${previous} and refused to renew its credential; registered again, the id changed: ${previous} -> ${actrIdToString(identity.actorId)}`);
  }

  private async renew(): Promise<void> {
    const { identity, aisUrl, requestTimeoutMs, logger } = this.options;
    const renewalToken = identity.renewalToken;
    if (renewalToken === undefined) {
      logger.warn("The signaling server gave no renewal token; the credential will not be renewed");
      return;
    }
    this.renewing = true;
    try {
      const request = create(RenewCredentialRequestSchema, { actrId: identity.actorId, renewalToken });
      const renewed = await renewCredential(aisUrl, request, requestTimeoutMs).catch((error: unknown) => {
        if (error instanceof CredentialRejectedError) return undefined;
        throw error;
      });
      if (renewed === undefined) await this.registerAgain();
      else identity.update(renewed);
      if (this.stopped) return;
      this.backoff.reset();
      this.start();
      this.options.onRenewed?.();
    } catch (error) {
      if (this.stopped) return;
      logger.warn(`Credential renewal failed: ${error instanceof Error ? error.message : String(error)}; retrying`);
      this.renewAtMs = Date.now();
      this.schedule(this.backoff.next());
    } finally {
      this.renewing = false;
    }
  }
}
