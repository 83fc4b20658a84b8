import type { Logger } from "../common/logger.js";
import type { MailboxLimits } from "../mailbox/mailbox-limits.js";
import type { CallTracer } from "../tracing/call-tracer.js";
import type { NetworkStarter } from "../transport/network.js";

/** How an ActrSystem reaches the outside world. */
export interface ActrSystemOptions {
  /**
   * Starts the actor's network; called by `node.start()` when the config has [system.signaling].
   * Its session gives the actor its id, the PeerTransport for Dest.actor() and discovery. Defaults
   * to `startNetwork` (signaling + peer WebSocket); `false` keeps the actor inproc only, with a
   * random serial in its realm.
   */
  readonly network?: NetworkStarter | false;
  /** Defaults to stderr at the level of ACTR_LOG (default "warn"). */
  readonly logger?: Logger;
  /** What the mailbox keeps besides messages (stored results, dead letters); see DEFAULT_MAILBOX_LIMITS. */
  readonly mailboxLimits?: MailboxLimits;
  /**
   * Records a span per call and per handled message. Defaults to OpenTelemetry when
   * `@opentelemetry/api` is installed (spans are recorded once a tracer provider is registered);
   * `false` records none. Trace context travels with every call either way.
   */
  readonly tracer?: CallTracer | false;
}
