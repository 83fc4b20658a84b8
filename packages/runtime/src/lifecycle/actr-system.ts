import { consoleLogger } from "../common/logger.js";
import type { Logger } from "../common/logger.js";
import { loadConfig } from "../config/load-config.js";
import { resolveConfig } from "../config/resolve-config.js";
import type { RuntimeConfigInit } from "../config/resolve-config.js";
import type { RuntimeConfig } from "../config/runtime-config.js";
import { SqliteMailbox } from "../mailbox/sqlite-mailbox.js";
import { startNetwork } from "../network/start-network.js";
import type { Workload } from "../workload/workload.js";
import { ActrNode } from "./actr-node.js";
import type { ActrSystemOptions } from "./system-options.js";
import { InvalidArgumentError } from "../errors/actr-error.js";

/** The runtime of one actor before it has a workload: its config and its open mailbox. */
export class ActrSystem {
  #attached = false;

  private constructor(
    readonly config: RuntimeConfig,
    private readonly mailbox: SqliteMailbox,
    private readonly options: ActrSystemOptions,
    private readonly logger: Logger,
  ) {}

  /** Reads Actr.toml at `path` (see loadConfig). */
  static async fromToml(path: string, options: ActrSystemOptions = {}): Promise<ActrSystem> {
    return ActrSystem.fromConfig(await loadConfig(path), options);
  }

  /** From a config object; what it leaves out gets the defaults of Actr.toml. */
  static async fromConfig(config: RuntimeConfigInit, options: ActrSystemOptions = {}): Promise<ActrSystem> {
    const resolved = resolveConfig(config);
    const logger = options.logger ?? consoleLogger();
    return new ActrSystem(resolved, SqliteMailbox.open(resolved.mailboxPath, logger), options, logger);
  }

  /** The actor configured by ./Actr.toml. */
  static default(options: ActrSystemOptions = {}): Promise<ActrSystem> {
    return ActrSystem.fromToml("Actr.toml", options);
  }

  /** Gives the system its workload; one system runs one workload, so a second call throws. */
  attach(workload: Workload): ActrNode {
    if (this.#attached) throw new InvalidArgumentError("ActrSystem.attach() was already called: one system runs one workload; create another ActrSystem");
    this.#attached = true;
    const network = this.options.network === false ? undefined : (this.options.network ?? startNetwork);
    return new ActrNode(this.config, this.mailbox, workload, network, this.logger);
  }
}
