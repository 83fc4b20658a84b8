import { existsSync } from "node:fs";
import { consoleLogger } from "../common/logger.js";
import { configFromEnv } from "../config/env.js";
import type { Env } from "../config/env.js";
import { CompatLockFile, compatLockPath } from "../config/compat-lock-file.js";
import { readLockFile } from "../config/lock-file.js";
import { loadConfig } from "../config/load-config.js";
import { resolveConfig } from "../config/resolve-config.js";
import type { RuntimeConfigInit } from "../config/resolve-config.js";
import type { RuntimeConfig } from "../config/runtime-config.js";
import { SqliteMailbox } from "../mailbox/sqlite-mailbox.js";
import { startNetwork } from "../network/start-network.js";
import { openTelemetryTracer } from "../tracing/open-telemetry.js";
import { ActrSystem as CoreActrSystem } from "./actr-system.js";
import type { ActrSystemOptions } from "./system-options.js";

/**
 * ActrSystem on Node: the core system with its Node parts, the SQLite mailbox at
 * `mailbox_path`, the signaling + WebSocket network and Actr.lock.toml read from disk.
 */
export class ActrSystem extends CoreActrSystem {
  /** Reads Actr.toml at `path` (see loadConfig). */
  static async fromToml(path: string, options: ActrSystemOptions = {}): Promise<ActrSystem> {
    return ActrSystem.#assemble(await loadConfig(path), options);
  }

  /** From a config object; what it leaves out gets the defaults of Actr.toml. */
  static async fromConfig(config: RuntimeConfigInit, options: ActrSystemOptions = {}): Promise<ActrSystem> {
    return ActrSystem.#assemble(resolveConfig(config), options);
  }

  /**
   * From the ACTR_* environment variables alone (see ENV: signaling URL, realm id and secret, actor
   * type, mailbox path, listen port); unset ones get the built-in defaults.
   */
  static async fromEnv(options: ActrSystemOptions = {}, env: Env = process.env): Promise<ActrSystem> {
    return ActrSystem.#assemble(resolveConfig(configFromEnv(env), "environment (ACTR_*)"), options);
  }

  /** The actor configured by ./Actr.toml; without that file, by the environment (see fromEnv). */
  static default(options: ActrSystemOptions = {}): Promise<ActrSystem> {
    return existsSync("Actr.toml") ? ActrSystem.fromToml("Actr.toml", options) : ActrSystem.fromEnv(options);
  }

  static async #assemble(config: RuntimeConfig, options: ActrSystemOptions): Promise<ActrSystem> {
    const logger = options.logger ?? consoleLogger();
    const lock = readLockFile(config.lockPath);
    const network = options.network === false ? undefined : (options.network ?? startNetwork);
    const tracer = options.tracer === false ? undefined : (options.tracer ?? (await openTelemetryTracer()));
    return new ActrSystem(config, SqliteMailbox.open(config.mailboxPath, logger, options.mailboxLimits), network, logger, lock?.dependencies ?? [], tracer, new CompatLockFile(compatLockPath(config.lockPath)));
  }
}
