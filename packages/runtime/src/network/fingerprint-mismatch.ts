import { isFieldSet } from "@bufbuild/protobuf";
import { RouteCandidatesOkSchema, actrTypeToString, type ActrType, type RouteCandidatesOk } from "@actr/protocol";
import type { Logger } from "../common/logger.js";

/**
 * Warns, once per type, when discovery finds actors of a type but none whose service spec has the
 * fingerprint the caller pinned in Actr.lock.toml: calls may then fail to decode. A server that does
 * not say whether a candidate matches (has_exact_match absent) leaves it unknown: no warning.
 */
export class FingerprintMismatchWarning {
  private readonly warned = new Set<string>();

  constructor(private readonly logger: Logger) {}

  check(target: ActrType, fingerprint: string, found: RouteCandidatesOk): void {
    if (fingerprint === "" || found.candidates.length === 0) return;
    if (!isFieldSet(found, RouteCandidatesOkSchema.field.hasExactMatch) || found.hasExactMatch) return;
    const type = actrTypeToString(target);
    if (this.warned.has(type)) return;
    this.warned.add(type);
    this.logger.warn(
      `No online ${type} serves fingerprint ${fingerprint}: its protos differ from Actr.lock.toml. ` +
        "Run `actr install` to update the lock file, or start a matching version of the service.",
    );
  }
}
