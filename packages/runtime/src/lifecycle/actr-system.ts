import { consoleLogger } from "../common/logger.js";
import type { Logger } from "../common/logger.js";
import type { CompatStore } from "../config/compat-lock.js";
import type { LockFile, LockedDependency } from "../config/lock-file.js";
import type { RuntimeConfig } from "../config/runtime-config.js";
import { InvalidArgumentError } from "../errors/actr-error.js";
import type { Mailbox } from "../mailbox/mailbox.js";
import type { CallTracer } from "../tracing/call-tracer.js";
import type { NetworkStarter } from "../transport/network.js";
import { NoServiceWorkload } from "../workload/no-service-workload.js";
import type { ClientHooks } from "../workload/no-service-workload.js";
import type { Workload } from "../workload/workload.js";
import { ActrNode } from "./actr-node.js";

/** The outside world of one actor, each part behind an interface of the core. */
export interface ActorParts {
  /** Where remote messages wait until handled (SqliteMailbox on Node). */
  readonly mailbox: Mailbox;
  /** Starts the actor's network when the config has a signaling server; without it the actor is inproc only. */
  readonly network?: NetworkStarter | undefined;
  readonly logger?: Logger | undefined;
  /** Actr.lock.toml, for the fingerprints `ctx.discover` presents. */
  readonly lock?: LockFile | undefined;
  /** Records a span per call and per handled message (the Node entry plugs in OpenTelemetry when it is installed). */
  readonly tracer?: CallTracer | undefined;
  /** Where discovery records negotiated fingerprints (compat.lock.toml on Node); none without it. */
  readonly compat?: CompatStore | undefined;
}

/**
 * The runtime of one actor before it has a workload: its config and its open mailbox. This is the
 * core, which needs no file system; on Node, `ActrSystem.fromToml` / `fromConfig` assemble the
 * parts (SQLite mailbox, WebSocket network, Actr.toml and its lock file).
 */
export class ActrSystem {
  #attached = false;

  protected constructor(
    readonly config: RuntimeConfig,
    private readonly mailbox: Mailbox,
    private readonly network: NetworkStarter | undefined,
    private readonly logger: Logger,
    private readonly locked: readonly LockedDependency[],
    private readonly tracer?: CallTracer,
    private readonly compat?: CompatStore,
  ) {}

  /** A system from a resolved config and its parts. */
  static create(config: RuntimeConfig, parts: ActorParts): ActrSystem {
    return new ActrSystem(config, parts.mailbox, parts.network, parts.logger ?? consoleLogger(), parts.lock?.dependencies ?? [], parts.tracer, parts.compat);
  }

  /**
   * Gives the system its workload; one system runs one workload, so a second call throws. A
   * client-only actor passes nothing, or just its lifecycle hooks (`attach({ onStart })`).
   */
  attach(workload: Workload | ClientHooks = {}): ActrNode {
    if (this.#attached) throw new InvalidArgumentError("ActrSystem.attach() was already called: one system runs one workload; create another ActrSystem");
    this.#attached = true;
    const served = isWorkload(workload) ? workload : new NoServiceWorkload(this.config.packageName, workload);
    return new ActrNode(this.config, this.mailbox, served, this.network, this.logger, this.locked, this.tracer, this.compat);
  }
}

function isWorkload(value: Workload | ClientHooks): value is Workload {
  return typeof (value as Partial<Workload>).dispatch === "function";
}
