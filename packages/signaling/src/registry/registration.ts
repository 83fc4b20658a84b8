import { create } from "@bufbuild/protobuf";
import {
  RealmSchema,
  RegisterRequestSchema,
  makeActrType,
  type Acl,
  type ActrType,
  type RegisterRequest,
  type ServiceSpec,
} from "@actr/protocol";
import { HandlerError } from "../http/protobuf-handler.js";
import { Status } from "../status.js";

/** What an actor told the server when it registered; what a restart must restore exactly. */
export interface Registration {
  readonly realmId: number;
  readonly type: ActrType;
  readonly spec?: ServiceSpec | undefined;
  readonly acl?: Acl | undefined;
  readonly wsAddress?: string | undefined;
}

function parseWsAddress(address: string): string | undefined {
  if (address === "") return undefined;
  const protocol = URL.canParse(address) ? new URL(address).protocol : "";
  if (protocol !== "ws:" && protocol !== "wss:") {
    throw new HandlerError(Status.BadRequest, `ws_address ${JSON.stringify(address)} is not a ws:// or wss:// URL`);
  }
  return address;
}

/** Checks a decoded RegisterRequest; throws HandlerError (400) naming the bad field. */
export function registrationFromRequest(request: RegisterRequest): Registration {
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

/** The RegisterRequest that registers `registration` again. */
export function registrationToRequest(registration: Registration): RegisterRequest {
  return create(RegisterRequestSchema, {
    actrType: registration.type,
    realm: create(RealmSchema, { realmId: registration.realmId }),
    serviceSpec: registration.spec,
    acl: registration.acl,
    wsAddress: registration.wsAddress ?? "",
  });
}
