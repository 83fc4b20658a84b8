import { RenewCredentialRequestSchema, actrIdToString, decodeComplete } from "@actr/protocol";
import type { ServerContext } from "../server-context.js";
import { Status } from "../status.js";
import { HandlerError, type ProtobufHandler } from "./protobuf-handler.js";
import { buildRegisterOk } from "./register-ok.js";

/** POST /ais/renew: a fresh credential and renewal token for an actor holding a valid renewal token. */
export const renewHandler: ProtobufHandler = (context: ServerContext, body: Uint8Array) => {
  const request = decodeComplete(RenewCredentialRequestSchema, body, "Renew request body");
  const id = request.actrId;
  if (id === undefined) throw new HandlerError(Status.BadRequest, "actr_id is required");
  const name = actrIdToString(id);
  if (!context.issuer.checkRenewalToken(id, request.renewalToken)) {
    throw new HandlerError(Status.Unauthorized, `Renewal token of ${name} is invalid or expired; register again`);
  }
  // The token proves the id was issued here, so a restarted server can still renew it.
  const record = context.registry.restore(id);
  if (record === undefined) throw new HandlerError(Status.Unauthorized, `${name} unregistered or expired; register again`);
  const ok = buildRegisterOk(context, id);
  context.registry.renewed(record, Date.now() + context.options.renewalTtlSec * 1000);
  context.options.logger.info(`renewed credential of ${name}`);
  return ok;
};
