import type { IncomingMessage } from "node:http";
import { actrIdToString, parseCredentialQuery } from "@actr/protocol";
import { badTargetMessage, requestUrl } from "../http/request-url.js";
import { credentialFailureStatus } from "../identity/credential-status.js";
import type { ActorRecord } from "../registry/actor-registry.js";
import type { ServerContext } from "../server-context.js";
import { Status, type StatusCode } from "../status.js";

export const SIGNALING_WS_PATH = "/signaling/ws";

export type UpgradeAuth =
  | { readonly ok: true; readonly record: ActorRecord; readonly wantsToAnswer: boolean }
  | { readonly ok: false; readonly status: StatusCode; readonly message: string };

/**
 * Checks a signaling WebSocket upgrade before accepting it: the request target (400), the path
 * (404), the identity query, the credential (401), that it names the actor in `actor_id` (403)
 * and that the actor did not unregister (401). Resolves the actor's record (ActorRegistry.restore)
 * and whether it asked to answer WebRTC offers (`webrtc_role=answer`).
 */
export function authenticateUpgrade(context: ServerContext, request: IncomingMessage): UpgradeAuth {
  const url = requestUrl(request);
  if (url === undefined) return { ok: false, status: Status.BadRequest, message: badTargetMessage(request) };
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
  const record = context.registry.restore(query.actorId);
  if (record === undefined) {
    return { ok: false, status: Status.Unauthorized, message: `${actrIdToString(query.actorId)} unregistered; register again` };
  }
  return { ok: true, record, wantsToAnswer: url.searchParams.get("webrtc_role") === "answer" };
}
