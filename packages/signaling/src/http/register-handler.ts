import { RegisterRequestSchema, actrIdToString, decodeComplete } from "@actr/protocol";
import type { ServerContext } from "../server-context.js";
import { registrationFromRequest } from "../registry/registration.js";
import type { ProtobufHandler } from "./protobuf-handler.js";
import { admitRegistration } from "./register-auth.js";
import { buildRegisterOk } from "./register-ok.js";

/** POST /ais/register: admits the actor to its realm, assigns an id, stores spec / ACL / ws_address, issues a credential. */
export const registerHandler: ProtobufHandler = (context: ServerContext, body: Uint8Array, http) => {
  const request = decodeComplete(RegisterRequestSchema, body, "Register request body");
  admitRegistration(context.options, request, http);
  const registration = registrationFromRequest(request);
  const renewableUntilMs = Date.now() + context.options.renewalTtlSec * 1000;
  const record = context.registry.register(registration, renewableUntilMs);
  context.options.logger.info(`registered ${actrIdToString(record.id)}${record.wsAddress ? ` (ws ${record.wsAddress})` : ""}`);
  return buildRegisterOk(context, record.id);
};
