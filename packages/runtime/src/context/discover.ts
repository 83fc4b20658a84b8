import { actrTypeMatches, actrTypeToString, IdentityFormatError, parseActrType } from "@actr/protocol";
import type { ActrId, ActrType } from "@actr/protocol";
import type { Logger } from "../common/logger.js";
import type { CompatStore } from "../config/compat-lock.js";
import type { LockedDependency } from "../config/lock-file.js";
import { DependencyNotFoundError, TargetNotFoundError, TransportError } from "../errors/actr-error.js";
import type { NetworkSession, RouteCandidates } from "../transport/network.js";

/** What discovery reads besides the network: Actr.lock.toml and the negotiations of compat.lock.toml. */
export interface DiscoveryState {
  readonly lockPath: string;
  readonly dependencies: readonly LockedDependency[];
  readonly compat: CompatStore | undefined;
  readonly logger: Logger;
}

/**
 * Asks signaling for one actor of a dependency (by its name in the lock file, `manufacturer+name`
 * or the full type), presenting the fingerprint Actr.lock.toml pinned for it, so the server picks
 * an exact match first. When the server says the best it has is compatible but not exact, the
 * negotiation goes into compat.lock.toml; a later discovery that finds the same service again
 * takes it as settled, and one that finds the pinned fingerprint online again removes it.
 */
export async function discoverActor(session: NetworkSession | undefined, state: DiscoveryState, query: ActrType | string): Promise<ActrId> {
  const { dependency, type } = findDependency(state, query);
  const wanted = actrTypeToString(type);
  if (session === undefined) {
    throw new TransportError(
      `Cannot discover ${wanted}: this actor runs without signaling, so it reaches only Dest.local() and Dest.shell(). Set [system.signaling] url in Actr.toml (or ACTR_SIGNALING_URL) and do not pass network: false`,
    );
  }
  const found = await session.discover(type, dependency.fingerprint, 1);
  const first = found.candidates[0];
  if (first === undefined) throw new TargetNotFoundError(`No running actor of type ${wanted} was found by signaling`);
  settleNegotiation(state, dependency, found);
  return first;
}

function settleNegotiation(state: DiscoveryState, dependency: LockedDependency, found: RouteCandidates): void {
  const { compat } = state;
  const compatibility = found.compatibility;
  // An unknown outcome (the server does not compare fingerprints) leaves the file alone.
  if (compat === undefined || compatibility === undefined) return;
  try {
    if (compatibility.exactMatch) return compat.remove(dependency.name);
    const resolved = compatibility.candidates[0]?.fingerprint;
    if (!compatibility.subHealthy || resolved === undefined) return;
    if (compat.find(dependency.name, dependency.fingerprint)?.resolvedFingerprint === resolved) return;
    compat.record({
      name: dependency.name,
      actrType: dependency.actrType,
      lockedFingerprint: dependency.fingerprint,
      resolvedFingerprint: resolved,
      recordedAt: new Date().toISOString(),
    });
  } catch (error) {
    state.logger.warn(`Cannot update ${compat.path}; discovery goes on without it`, error);
  }
}

/** The locked dependency a query names, and the type to ask signaling for. */
function findDependency(state: DiscoveryState, query: ActrType | string): { dependency: LockedDependency; type: ActrType } {
  const byName = typeof query === "string" ? state.dependencies.find((dep) => dep.name === query) : undefined;
  if (byName !== undefined) return { dependency: byName, type: parseActrType(byName.actrType) };
  const type = typeof query === "string" ? parseQuery(query, state) : query;
  const dependency = state.dependencies.find((dep) => {
    const locked = parseActrType(dep.actrType);
    return actrTypeMatches(locked, type) || actrTypeMatches(type, locked);
  });
  if (dependency === undefined) throw notADependency(actrTypeToString(type), state);
  return { dependency, type };
}

function parseQuery(query: string, state: DiscoveryState): ActrType {
  try {
    return parseActrType(query);
  } catch (error) {
    if (!(error instanceof IdentityFormatError)) throw error;
    throw notADependency(query, state);
  }
}

function notADependency(wanted: string, state: DiscoveryState): DependencyNotFoundError {
  const known = state.dependencies.map((dep) => `${dep.name} (${dep.actrType})`).join(", ") || "none";
  return new DependencyNotFoundError(
    `${wanted} is not a dependency in ${state.lockPath} (it has: ${known}): declare it in [dependencies] of Actr.toml (e.g. server = { actr_type = "acme+EchoService" }) and run \`actr install\``,
  );
}
