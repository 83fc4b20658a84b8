import { actrTypeMatches, actrTypeToString, type ActrType, type RouteCandidatesOk, type TypeEntry } from "@actr/protocol";
import type { Logger } from "../common/logger.js";
import type { Compatibility } from "../transport/network.js";

const FIX = "Run `actr install` to update the lock file, or start a matching version of the service.";

/**
 * Warns, once per type, when discovery finds actors of a type but none whose service spec has the
 * fingerprint the caller pinned in Actr.lock.toml: calls may then fail to decode. Which fingerprints
 * are online comes from the realm's type list (DiscoveryRequest), which reference servers and ours
 * both serve; each type and fingerprint is looked up once.
 */
export class FingerprintMismatchWarning {
  private readonly warned = new Set<string>();
  private readonly checked = new Set<string>();

  constructor(
    private readonly logger: Logger,
    /** The realm's types of one manufacturer with their service fingerprints. */
    private readonly listTypes: (manufacturer: string) => Promise<readonly TypeEntry[]>,
  ) {}

  async check(target: ActrType, fingerprint: string, found: RouteCandidatesOk): Promise<void> {
    if (fingerprint === "" || found.candidates.length === 0) return;
    const type = actrTypeToString(target);
    const key = `${type} ${fingerprint}`;
    if (this.warned.has(type) || this.checked.has(key)) return;
    this.checked.add(key);
    let entries: readonly TypeEntry[];
    try {
      entries = await this.listTypes(target.manufacturer);
    } catch (error) {
      this.logger.debug(`Cannot check the fingerprints of ${type}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const ofType = entries.filter((entry) => entry.actrType !== undefined && actrTypeMatches(target, entry.actrType));
    // A list that does not name the type (e.g. cut at its limit) says nothing either way.
    if (ofType.length === 0 || ofType.some((entry) => entry.serviceFingerprint === fingerprint)) return;
    this.warned.add(type);
    this.logger.warn(`No online ${type} serves fingerprint ${fingerprint}: its protos differ from Actr.lock.toml. ${FIX}`);
  }

  /**
   * The server said so (is_sub_healthy): its candidates serve other fingerprints. Warns once per
   * type, naming what differs.
   */
  subHealthy(target: ActrType, fingerprint: string, compatibility: Compatibility): void {
    const type = actrTypeToString(target);
    if (fingerprint === "" || this.warned.has(type)) return;
    this.warned.add(type);
    const served = [...new Set(compatibility.candidates.map((candidate) => candidate.fingerprint || "(no service spec)"))].join(", ");
    this.logger.warn(
      `No online ${type} serves fingerprint ${fingerprint}: it runs with ${served} instead (sub-healthy: same type, its protos differ from Actr.lock.toml). ${FIX}`,
    );
  }
}
