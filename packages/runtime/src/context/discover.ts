import { actrTypeMatches, actrTypeToString, parseActrType } from "@actr/protocol";
import type { ActrId, ActrType } from "@actr/protocol";
import type { LockedDependency } from "../config/lock-file.js";
import { DependencyNotFoundError, GateNotInitializedError, TargetNotFoundError } from "../errors/actr-error.js";
import type { NetworkSession } from "../transport/network.js";

/**
 * Asks signaling for an actor of `type`, presenting the fingerprint Actr.lock.toml pinned for the
 * dependency of that type, so the server can match compatible services.
 */
export async function discoverActor(
  session: NetworkSession | undefined,
  lock: { readonly path: string; readonly dependencies: readonly LockedDependency[] },
  type: ActrType,
): Promise<ActrId> {
  const wanted = actrTypeToString(type);
  if (session === undefined) {
    throw new GateNotInitializedError(`Cannot discover ${wanted}: this actor has no network. Set [system.signaling] url in Actr.toml`);
  }
  const dependency = lock.dependencies.find((dep) => actrTypeMatches(type, parseActrType(dep.actrType)));
  if (dependency === undefined) {
    throw new DependencyNotFoundError(
      `${wanted} is not a dependency in ${lock.path}: declare it in [dependencies] of Actr.toml (e.g. server = { actr_type = "${wanted}" }) and run \`actr install\``,
    );
  }
  const candidates = await session.discover(type, dependency.fingerprint);
  const first = candidates[0];
  if (first === undefined) throw new TargetNotFoundError(`No running actor of type ${wanted} was found by signaling`);
  return first;
}
