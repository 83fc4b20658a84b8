/**
 * Golden frames of the reference protocol (Actrium actr / actrix), written byte by byte from the
 * reference's field numbers with a protobuf encoder of their own, and a field reader for the
 * answers. Tests built on these check the numbers on the wire, not a round trip through our
 * generated code. The actor-side frames drive the server conformance test; the server-side ones
 * (what actrix sends) are for tests of clients.
 */

/** Field numbers of the reference messages used here. */
export const REF = {
  Realm: { realm_id: 1 },
  ActrType: { manufacturer: 1, name: 2, version: 3 },
  ActrId: { realm: 1, serial_number: 2, type: 3 },
  AIdCredential: { key_id: 1, claims: 2, signature: 3 },
  ErrorResponse: { code: 1, message: 2 },
  RegisterRequest: {
    actr_type: 1, realm: 2, service_spec: 3, acl: 4, service: 5, ws_address: 6,
    manifest_raw: 10, mfr_signature: 11, target: 13, auth_mode: 14,
  },
  RegisterAuthMode: { UNSPECIFIED: 0, PACKAGE: 1, LINKED: 2 },
  RegisterResponse: { success: 1, error: 2 },
  RegisterOk: {
    actr_id: 1, credential: 2, turn_credential: 3, credential_expires_at: 4,
    signaling_heartbeat_interval_secs: 5, signing_pubkey: 6, signing_key_id: 7, renewal_token: 12, renewal_token_expires_at: 13,
  },
  RenewCredentialRequest: { actr_id: 1, renewal_token: 2 },
  RenewCredentialResponse: { success: 1, error: 2 },
  UnregisterRequest: { actr_id: 1, reason: 2 },
  UnregisterResponse: { success: 1, error: 2 },
  Ping: { availability: 1, power_reserve: 2, mailbox_backlog: 3 },
  Pong: { seq: 1, suggest_interval_secs: 2, credential_warning: 3 },
  CredentialWarning: { type: 1, message: 2 },
  ServiceSpec: { name: 1, description: 2, fingerprint: 3 },
  RouteCandidatesRequest: { target_type: 1, criteria: 2, client_fingerprint: 4 },
  RouteCandidatesResponse: { success: 1, error: 2 },
  RouteCandidatesOk: { candidates: 1, ws_address_map: 2 },
  DiscoveryRequest: { manufacturer: 1, limit: 2 },
  DiscoveryResponse: { success: 1, error: 2 },
  DiscoveryOk: { entries: 1 },
  TypeEntry: { actr_type: 1, name: 2, description: 3, service_fingerprint: 4 },
  SubscribeActrUpRequest: { target_type: 1 },
  SubscribeActrUpResponse: { success: 1, error: 2 },
  ActrUpEvent: { actor_id: 1 },
  GetSigningKeyRequest: { key_id: 1 },
  GetSigningKeyResponse: { key_id: 1, pubkey: 2 },
  SignalingEnvelope: {
    envelope_version: 1, envelope_id: 2, reply_for: 3,
    peer_to_server: 10, actr_to_server: 11, server_to_actr: 12, actr_relay: 13, envelope_error: 14,
  },
  PeerToSignaling: { register_request: 1 },
  ActrToSignaling: {
    source: 1, credential: 2, unregister_request: 3, ping: 4, discovery_request: 10, route_candidates_request: 11,
    get_service_spec_request: 12, get_signing_key_request: 13, subscribe_actr_up_request: 20, unsubscribe_actr_up_request: 21,
    error: 30,
  },
  SignalingToActr: {
    target: 1, register_response: 2, unregister_response: 3, pong: 4, discovery_response: 10, route_candidates_response: 11,
    get_service_spec_response: 12, get_signing_key_response: 13, subscribe_actr_up_response: 20,
    unsubscribe_actr_up_response: 21, actr_up_event: 22, error: 30,
  },
} as const;

// ---- encoding -------------------------------------------------------------------------------

/** Encoded fields of one message, concatenated. */
export type Fields = Uint8Array;

function varintBytes(value: bigint): number[] {
  const out: number[] = [];
  let rest = BigInt.asUintN(64, value);
  while (rest >= 0x80n) {
    out.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  out.push(Number(rest));
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A message from its encoded fields, in the order given. */
export function message(...fields: Fields[]): Fields {
  return concat(fields);
}

/** Wire type 0. */
export function varint(field: number, value: number | bigint): Fields {
  return new Uint8Array([...varintBytes(BigInt(field << 3)), ...varintBytes(BigInt(value))]);
}

/** Wire type 2 with raw bytes. */
export function bytes(field: number, value: Uint8Array): Fields {
  return concat([new Uint8Array([...varintBytes(BigInt((field << 3) | 2)), ...varintBytes(BigInt(value.length))]), value]);
}

export function string(field: number, value: string): Fields {
  return bytes(field, new TextEncoder().encode(value));
}

/** Wire type 5 (proto float). */
export function float(field: number, value: number): Fields {
  const body = new Uint8Array(4);
  new DataView(body.buffer).setFloat32(0, value, true);
  return concat([new Uint8Array(varintBytes(BigInt((field << 3) | 5))), body]);
}

// ---- reference messages ---------------------------------------------------------------------

export function actrType(manufacturer: string, name: string, version: string): Fields {
  return message(string(REF.ActrType.manufacturer, manufacturer), string(REF.ActrType.name, name), string(REF.ActrType.version, version));
}

export function actrId(realmId: number, serial: bigint, type: Fields): Fields {
  return message(
    bytes(REF.ActrId.realm, varint(REF.Realm.realm_id, realmId)),
    varint(REF.ActrId.serial_number, serial),
    bytes(REF.ActrId.type, type),
  );
}

export interface RegisterInit {
  readonly type: Fields;
  readonly realmId: number;
  readonly authMode?: number;
  readonly target?: string;
  readonly manifestRaw?: Uint8Array;
  readonly wsAddress?: string;
  /** Encoded ServiceSpec. */
  readonly serviceSpec?: Fields;
}

export function registerRequest(init: RegisterInit): Fields {
  const f = REF.RegisterRequest;
  return message(
    bytes(f.actr_type, init.type),
    bytes(f.realm, varint(REF.Realm.realm_id, init.realmId)),
    init.serviceSpec === undefined ? new Uint8Array() : bytes(f.service_spec, init.serviceSpec),
    init.wsAddress === undefined ? new Uint8Array() : string(f.ws_address, init.wsAddress),
    init.manifestRaw === undefined ? new Uint8Array() : bytes(f.manifest_raw, init.manifestRaw),
    init.target === undefined ? new Uint8Array() : string(f.target, init.target),
    init.authMode === undefined ? new Uint8Array() : varint(f.auth_mode, init.authMode),
  );
}

export function serviceSpec(name: string, fingerprint: string): Fields {
  return message(string(REF.ServiceSpec.name, name), string(REF.ServiceSpec.fingerprint, fingerprint));
}

export function renewRequest(id: Fields, renewalToken: Uint8Array): Fields {
  return message(bytes(REF.RenewCredentialRequest.actr_id, id), bytes(REF.RenewCredentialRequest.renewal_token, renewalToken));
}

/** A Ping reporting full availability. */
export function ping(): Fields {
  return message(varint(REF.Ping.availability, 0), float(REF.Ping.power_reserve, 1), float(REF.Ping.mailbox_backlog, 0));
}

/** An ActrToSignaling from `source` with `credential` (encoded AIdCredential) carrying `payload` in field `payloadField`. */
export function actrToSignaling(source: Fields, credential: Fields, payloadField: number, payload: Fields): Fields {
  return message(bytes(REF.ActrToSignaling.source, source), bytes(REF.ActrToSignaling.credential, credential), bytes(payloadField, payload));
}

/** A SignalingEnvelope of `version` (released reference actors send 1) with `flow` in field `flowField`. */
export function envelope(init: { version: number; id: string; replyFor?: string; flowField: number; flow: Fields }): Fields {
  const f = REF.SignalingEnvelope;
  return message(
    varint(f.envelope_version, init.version),
    string(f.envelope_id, init.id),
    init.replyFor === undefined ? new Uint8Array() : string(f.reply_for, init.replyFor),
    bytes(init.flowField, init.flow),
  );
}

// ---- server-side frames (what actrix sends), for tests of clients -----------------------------

export function errorResponse(code: number, text: string): Fields {
  return message(varint(REF.ErrorResponse.code, code), string(REF.ErrorResponse.message, text));
}

/** An AIdCredential from its parts. */
export function credential(keyId: number, claims: Uint8Array, signature: Uint8Array): Fields {
  return message(varint(REF.AIdCredential.key_id, keyId), bytes(REF.AIdCredential.claims, claims), bytes(REF.AIdCredential.signature, signature));
}

export interface RegisterOkInit {
  readonly id: Fields;
  readonly credential: Fields;
  readonly heartbeatSecs: number;
  readonly signingPubkey: Uint8Array;
  readonly signingKeyId: number;
  readonly renewalToken?: Uint8Array;
}

/** A RegisterOk with an empty TURN credential (actrix fills it when it runs TURN). */
export function registerOk(init: RegisterOkInit): Fields {
  const f = REF.RegisterOk;
  const turn = message(string(1, ""), string(2, ""), varint(3, 0));
  return message(
    bytes(f.actr_id, init.id),
    bytes(f.credential, init.credential),
    bytes(f.turn_credential, turn),
    varint(f.signaling_heartbeat_interval_secs, init.heartbeatSecs),
    bytes(f.signing_pubkey, init.signingPubkey),
    varint(f.signing_key_id, init.signingKeyId),
    init.renewalToken === undefined ? new Uint8Array() : bytes(f.renewal_token, init.renewalToken),
  );
}

/** RegisterResponse or RenewCredentialResponse (the same numbers): `success` a RegisterOk, or an error. */
export function registerResponse(result: { success: Fields } | { error: Fields }): Fields {
  return "success" in result
    ? bytes(REF.RegisterResponse.success, result.success)
    : bytes(REF.RegisterResponse.error, result.error);
}

/** A SignalingToActr to `target` carrying `payload` in field `payloadField` (e.g. REF.SignalingToActr.error). */
export function signalingToActr(target: Fields, payloadField: number, payload: Fields): Fields {
  return message(bytes(REF.SignalingToActr.target, target), bytes(payloadField, payload));
}

// ---- reading answers ------------------------------------------------------------------------

/** One field value as read from the wire: varints as bigint, everything else as bytes. */
export type WireValue = bigint | Uint8Array;

/** The fields of an encoded message by number, each with its values in order. */
export function readFields(data: Uint8Array): Map<number, WireValue[]> {
  const fields = new Map<number, WireValue[]>();
  let at = 0;
  const readVarint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (at >= data.length) throw new Error("truncated varint");
      const byte = data[at++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
  };
  while (at < data.length) {
    const tag = Number(readVarint());
    const field = tag >>> 3;
    let value: WireValue;
    switch (tag & 7) {
      case 0:
        value = readVarint();
        break;
      case 1:
        value = data.subarray(at, (at += 8));
        break;
      case 2: {
        const length = Number(readVarint());
        value = data.subarray(at, (at += length));
        break;
      }
      case 5:
        value = data.subarray(at, (at += 4));
        break;
      default:
        throw new Error(`unsupported wire type ${tag & 7} of field ${field}`);
    }
    if (at > data.length) throw new Error(`field ${field} runs past the end`);
    fields.set(field, [...(fields.get(field) ?? []), value]);
  }
  return fields;
}

/** The bytes of the first occurrence of field `path[0]`, then of `path[1]` inside it, and so on; undefined when absent. */
export function sub(data: Uint8Array | undefined, ...path: number[]): Uint8Array | undefined {
  let current = data;
  for (const field of path) {
    if (current === undefined) return undefined;
    const value = readFields(current).get(field)?.[0];
    if (value === undefined || typeof value === "bigint") return undefined;
    current = value;
  }
  return current;
}

/** The varint field `field` of `data`. */
export function num(data: Uint8Array | undefined, field: number): bigint | undefined {
  if (data === undefined) return undefined;
  const value = readFields(data).get(field)?.[0];
  return typeof value === "bigint" ? value : undefined;
}

export function str(data: Uint8Array | undefined, field: number): string | undefined {
  const value = sub(data, field);
  return value === undefined ? undefined : new TextDecoder().decode(value);
}

/** All values of field `field` that are length-delimited. */
export function all(data: Uint8Array | undefined, field: number): Uint8Array[] {
  if (data === undefined) return [];
  return (readFields(data).get(field) ?? []).filter((value): value is Uint8Array => typeof value !== "bigint");
}

/** The ActrId string form `<serial hex>@<realm>/<manufacturer>:<name>:<version>` of an encoded ActrId. */
export function actrIdText(id: Uint8Array): string {
  const type = sub(id, REF.ActrId.type);
  const serial = num(id, REF.ActrId.serial_number) ?? 0n;
  const realm = num(sub(id, REF.ActrId.realm), REF.Realm.realm_id) ?? 0n;
  const part = (field: number) => str(type, field) ?? "";
  return `${serial.toString(16)}@${realm}/${part(REF.ActrType.manufacturer)}:${part(REF.ActrType.name)}:${part(REF.ActrType.version)}`;
}
