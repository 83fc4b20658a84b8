import { actrIdEquals, describeActrId, type AIdCredential, type ActrId } from "@actr/protocol";
import { credentialFailureStatus } from "../identity/credential-status.js";
import type { ServerContext } from "../server-context.js";
import { Status } from "../status.js";
import { EnvelopeError } from "./envelope.js";
import type { Session } from "./session.js";

/**
 * Every actor message must name the socket's own actor and carry a credential that still verifies;
 * returns that credential.
 */
export function checkSender(
  context: ServerContext,
  session: Session,
  source: ActrId | undefined,
  credential: AIdCredential | undefined,
  replyFor: string,
): AIdCredential {
  if (source === undefined || !actrIdEquals(source, session.id)) {
    throw new EnvelopeError(Status.Forbidden, `Source ${describeActrId(source)} is not this connection's actor ${session.actorKey}`, replyFor);
  }
  if (credential === undefined) throw new EnvelopeError(Status.Unauthorized, "Credential is missing", replyFor);
  const check = context.issuer.verify(credential, session.id);
  if (!check.ok) {
    throw new EnvelopeError(credentialFailureStatus(check.reason), `Credential refused: ${check.message}`, replyFor);
  }
  return credential;
}
