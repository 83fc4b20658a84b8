import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { RegisterAuthMode, type RegisterRequest } from "@actr/protocol";
import type { ResolvedServerOptions } from "../server-options.js";
import { Status } from "../status.js";
import { HandlerError } from "./protobuf-handler.js";

/** Header carrying the realm secret of a LINKED registration (the name actrix reads). */
export const REALM_SECRET_HEADER = "x-actrix-realm-secret";

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Admits a registration into its realm. Without configured realm secrets every registration is
 * admitted. With them, as actrix does: the realm must be configured (403); LINKED needs the realm's
 * secret in the header (403 missing or wrong); PACKAGE (also an unset auth_mode) needs target and
 * manifest_raw (400), and package verification is not implemented here (501).
 */
export function admitRegistration(options: ResolvedServerOptions, request: RegisterRequest, http: IncomingMessage): void {
  const secrets = options.realmSecrets;
  if (secrets.size === 0) return;
  const realmId = request.realm?.realmId ?? 0;
  const expected = secrets.get(realmId);
  if (expected === undefined) throw new HandlerError(Status.Forbidden, `Realm ${realmId} is not served here`);
  if (request.authMode !== RegisterAuthMode.LINKED) {
    if (request.target === "" || request.manifestRaw.length === 0) {
      throw new HandlerError(
        Status.BadRequest,
        "A package registration needs target and manifest_raw; an actor linked from source registers with " +
          `auth_mode REGISTER_AUTH_MODE_LINKED and the realm secret in header ${REALM_SECRET_HEADER}`,
      );
    }
    throw new HandlerError(
      Status.NotImplemented,
      `This server does not verify packages; register with auth_mode REGISTER_AUTH_MODE_LINKED and header ${REALM_SECRET_HEADER}`,
    );
  }
  const given = http.headers[REALM_SECRET_HEADER];
  const secret = (Array.isArray(given) ? given[0] : given)?.trim() ?? "";
  if (secret === "") throw new HandlerError(Status.Forbidden, `Realm ${realmId} needs its secret in header ${REALM_SECRET_HEADER}`);
  if (!sameSecret(secret, expected)) throw new HandlerError(Status.Forbidden, `Invalid secret for realm ${realmId}`);
}
