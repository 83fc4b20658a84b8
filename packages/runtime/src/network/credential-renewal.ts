import { create } from "@bufbuild/protobuf";
import { RenewCredentialRequestSchema } from "@actr/protocol";
import type { Logger } from "../common/logger.js";
import type { ActorIdentity } from "./actor-identity.js";
import { renewCredential } from "./ais-client.js";
import { Backoff, type BackoffOptions } from "./backoff.js";

/** Renew when this share of the credential's remaining lifetime has passed. */
const RENEW_AT_SHARE = 0.8;

export interface CredentialRenewalOptions {
  readonly aisUrl: string;
  readonly identity: ActorIdentity;
  readonly requestTimeoutMs: number;
  /** Delays between failed attempts. */
  readonly retry: BackoffOptions;
  readonly logger: Logger;
  /** Called after each successful renewal. */
  readonly onRenewed?: () => void;
}

/** Keeps the credential of an actor fresh: `POST {ais}/renew` before it expires. */
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
      identity.update(await renewCredential(aisUrl, request, requestTimeoutMs));
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
