import { actrIdEquals, actrIdToString, type AIdCredential, type ActrId } from "@actr/protocol";
import { credentialFailureStatus } from "../identity/credential-status.js";
import type { ServerContext } from "../server-context.js";
import { Status } from "../status.js";
import { FrameError } from "./envelope.js";
import type { Session } from "./session.js";

function describe(id: ActrId | undefined): string {
  try {
    return id === undefined ? "(none)" : actrIdToString(id);
  } catch {
    return "(incomplete id)";
  }
}

/** Every actor message must name the socket's own actor and carry a credential that still verifies. */
export function checkSender(
  context: ServerContext,
  session: Session,
  source: ActrId | undefined,
  credential: AIdCredential | undefined,
  replyFor: string,
): void {
  if (source === undefined || !actrIdEquals(source, session.id)) {
    throw new FrameError(Status.Forbidden, `Source ${describe(source)} is not this connection's actor ${session.actorKey}`, replyFor);
  }
  if (credential === undefined) throw new FrameError(Status.Unauthorized, "Credential is missing", replyFor);
  const check = context.issuer.verify(credential, session.id);
  if (!check.ok) {
    throw new FrameError(credentialFailureStatus(check.reason), `Credential refused: ${check.message}`, replyFor);
  }
}
