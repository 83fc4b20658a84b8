import { actrIdToString } from "@actr/protocol";
import type { ActrId } from "@actr/protocol";

/** The string form of an id for log and error messages; never throws on an incomplete id from a peer. */
export function describeActor(id: ActrId): string {
  try {
    return actrIdToString(id);
  } catch {
    return "an actor with an incomplete ActrId";
  }
}
