import { InvalidArgumentError } from "../errors/actr-error.js";

/** A configuration file that cannot be used; the message names the file, the key and the fix. */
export class ConfigError extends InvalidArgumentError {
  override name = "ConfigError";
}
