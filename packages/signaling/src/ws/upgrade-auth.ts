import type { IncomingMessage } from "node:http";
import { parseCredentialQuery, type ActrId } from "@actr/protocol";
import { credentialFailureStatus } from "../identity/credential-status.js";
import type { ServerContext } from "../server-context.js";
import { Status, type StatusCode } from "../status.js";

export const SIGNALING_WS_PATH = "/signaling/ws";

export type UpgradeAuth =
  | { readonly ok: true; readonly actorId: ActrId }
  | { readonly ok: false; readonly status: StatusCode; readonly message: string };

/**
 * Checks a signaling WebSocket upgrade before accepting it: the path, the identity query, the
 * credential (401) and that it names the actor in `actor_id` (403).
 */
export function authenticateUpgrade(context: ServerContext, request: IncomingMessage): UpgradeAuth {
  const url = new URL(request.url ?? "/", "http://localhost");
  if (url.pathname !== SIGNALING_WS_PATH) {
    return { ok: false, status: Status.NotFound, message: `No WebSocket endpoint ${url.pathname}; use ${SIGNALING_WS_PATH}` };
  }
  let query: ReturnType<typeof parseCredentialQuery>;
  try {
    query = parseCredentialQuery(url.searchParams);
  } catch (error) {
    return { ok: false, status: Status.Unauthorized, message: `${(error as Error).message}; register first and connect with its credential` };
  }
  const check = context.issuer.verify(query.credential, query.actorId);
  if (!check.ok) return { ok: false, status: credentialFailureStatus(check.reason), message: `Credential refused: ${check.message}` };
  return { ok: true, actorId: query.actorId };
}
