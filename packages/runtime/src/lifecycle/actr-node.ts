import type { Logger } from "../common/logger.js";
import type { CompatStore } from "../config/compat-lock.js";
import type { LockedDependency } from "../config/lock-file.js";
import type { RuntimeConfig } from "../config/runtime-config.js";
import type { Mailbox } from "../mailbox/mailbox.js";
import type { CallTracer } from "../tracing/call-tracer.js";
import type { NetworkStarter } from "../transport/network.js";
import type { Workload } from "../workload/workload.js";
import { ActorRuntime } from "./actor-runtime.js";
import { ActrRef } from "./actr-ref.js";
import { InvalidArgumentError } from "../errors/actr-error.js";

/** A system with its workload, not yet running; `start()` runs it once. */
export class ActrNode {
  #started = false;

  constructor(
    readonly config: RuntimeConfig,
    private readonly mailbox: Mailbox,
    private readonly workload: Workload,
    private readonly network: NetworkStarter | undefined,
    private readonly logger: Logger,
    private readonly locked: readonly LockedDependency[],
    private readonly tracer?: CallTracer,
    private readonly compat?: CompatStore,
  ) {}

  /**
   * Starts the network (when configured), awaits the workload's onStart and starts handling
   * messages, including those left in the mailbox by an earlier run. Rejects with onStart's error.
   */
  async start(): Promise<ActrRef> {
    if (this.#started) throw new InvalidArgumentError("ActrNode.start() was already called: a node starts once; build a new ActrSystem to run again");
    this.#started = true;
    const runtime = new ActorRuntime(this.config, this.mailbox, this.workload, this.network, this.logger, this.locked, this.tracer, this.compat);
    await runtime.start();
    return new ActrRef(runtime);
  }
}
