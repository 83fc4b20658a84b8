import { RegisterRequestSchema, actrIdToString, decodeComplete, makeActrType, type RegisterRequest } from "@actr/protocol";
import type { ServerContext } from "../server-context.js";
import type { Registration } from "../registry/actor-registry.js";
import { Status } from "../status.js";
import { HandlerError, type ProtobufHandler } from "./protobuf-handler.js";
import { buildRegisterOk } from "./register-ok.js";

function parseWsAddress(address: string): string | undefined {
  if (address === "") return undefined;
  const protocol = URL.canParse(address) ? new URL(address).protocol : "";
  if (protocol !== "ws:" && protocol !== "wss:") {
    throw new HandlerError(Status.BadRequest, `ws_address ${JSON.stringify(address)} is not a ws:// or wss:// URL`);
  }
  return address;
}

function toRegistration(request: RegisterRequest): Registration {
  const type = request.actrType;
  const realm = request.realm;
  // decodeComplete guarantees both; the check narrows the types.
  if (type === undefined || realm === undefined) throw new HandlerError(Status.BadRequest, "actr_type and realm are required");
  return {
    realmId: realm.realmId,
    type: makeActrType(type.manufacturer, type.name, type.version, "RegisterRequest.actr_type"),
    spec: request.serviceSpec,
    acl: request.acl,
    wsAddress: parseWsAddress(request.wsAddress),
  };
}

/** POST /ais/register: assigns an id, stores spec / ACL / ws_address, issues a credential. */
export const registerHandler: ProtobufHandler = (context: ServerContext, body: Uint8Array) => {
  const registration = toRegistration(decodeComplete(RegisterRequestSchema, body, "Register request body"));
  const record = context.registry.register(registration);
  context.options.logger.info(`registered ${actrIdToString(record.id)}${record.wsAddress ? ` (ws ${record.wsAddress})` : ""}`);
  return buildRegisterOk(context, record.id);
};
