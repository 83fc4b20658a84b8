import { RegisterRequestSchema, actrIdToString, decodeComplete } from "@actr/protocol";
import type { ServerContext } from "../server-context.js";
import { registrationFromRequest } from "../registry/registration.js";
import type { ProtobufHandler } from "./protobuf-handler.js";
import { buildRegisterOk } from "./register-ok.js";

/** POST /ais/register: assigns an id, stores spec / ACL / ws_address, issues a credential. */
export const registerHandler: ProtobufHandler = (context: ServerContext, body: Uint8Array) => {
  const registration = registrationFromRequest(decodeComplete(RegisterRequestSchema, body, "Register request body"));
  const record = context.registry.register(registration);
  context.options.logger.info(`registered ${actrIdToString(record.id)}${record.wsAddress ? ` (ws ${record.wsAddress})` : ""}`);
  return buildRegisterOk(context, record.id);
};
