import { describe, expect, it } from "vitest";
import { fromBinary } from "@bufbuild/protobuf";
import {
  CredentialWarning_WarningType,
  RegisterAuthMode,
  RegisterRequestSchema,
  RegisterResponseSchema,
  SignalingEnvelopeSchema,
  actrIdToString,
} from "@actr/protocol";
import {
  REF,
  actrId,
  actrType,
  bytes,
  credential,
  envelope,
  errorResponse,
  message,
  registerOk,
  registerRequest,
  registerResponse,
  signalingToActr,
  string,
  varint,
} from "./support/reference-frames.js";

// Golden frames written from the reference's field numbers, read with our generated code: any
// number of ours that differs from the reference's shows up as a missing or misplaced field.
describe("our protos read the reference's frames", () => {
  const id = actrId(7, 0x1f2en, actrType("acme", "EchoService", "0.1.0"));

  it("RegisterRequest with LINKED auth and package fields", () => {
    const decoded = fromBinary(
      RegisterRequestSchema,
      registerRequest({ type: actrType("acme", "Echo", "1.0.0"), realmId: 7, authMode: REF.RegisterAuthMode.LINKED, target: "wasm32-wasip1", manifestRaw: new Uint8Array([9]) }),
    );
    expect(decoded.authMode).toBe(RegisterAuthMode.LINKED);
    expect(decoded.target).toBe("wasm32-wasip1");
    expect(decoded.manifestRaw).toEqual(new Uint8Array([9]));
  });

  it("RegisterResponse success and error", () => {
    const ok = registerOk({
      id,
      credential: credential(5, new Uint8Array([1]), new Uint8Array(64)),
      heartbeatSecs: 30,
      signingPubkey: new Uint8Array(32).fill(3),
      signingKeyId: 5,
      renewalToken: new Uint8Array([4]),
    });
    const success = fromBinary(RegisterResponseSchema, registerResponse({ success: ok })).result;
    expect(success.case === "success" && actrIdToString(success.value.actrId!)).toBe("1f2e@7/acme:EchoService:0.1.0");
    expect(success.case === "success" && success.value.signingKeyId).toBe(5);
    expect(success.case === "success" && success.value.renewalToken).toEqual(new Uint8Array([4]));
    const error = fromBinary(RegisterResponseSchema, registerResponse({ error: errorResponse(403, "Invalid realm secret") })).result;
    expect(error.case === "error" && error.value.code).toBe(403);
  });

  it("every SignalingToActr case the reference defines", () => {
    const read = (field: number, payload: Uint8Array) => {
      const flow = fromBinary(
        SignalingEnvelopeSchema,
        envelope({ version: 1, id: "x", replyFor: "r", flowField: REF.SignalingEnvelope.server_to_actr, flow: signalingToActr(id, field, payload) }),
      ).flow;
      if (flow.case !== "serverToActr") throw new Error(`read ${flow.case ?? "nothing"}`);
      return flow.value.payload;
    };
    const S = REF.SignalingToActr;
    // An empty success message in field 1, as every *Response's success case.
    const ok = bytes(1, new Uint8Array());
    const warning = message(varint(REF.CredentialWarning.type, 0), string(REF.CredentialWarning.message, "key retiring"));
    const pong = read(S.pong, message(varint(REF.Pong.seq, 3), bytes(REF.Pong.credential_warning, warning)));
    expect(pong.case === "pong" && pong.value.credentialWarning?.type).toBe(CredentialWarning_WarningType.KEY_IN_TOLERANCE_PERIOD);
    expect(read(S.register_response, registerResponse({ error: errorResponse(410, "HTTP only") })).case).toBe("registerResponse");
    expect(read(S.unregister_response, ok).case).toBe("unregisterResponse");
    const T = REF.TypeEntry;
    const entry = message(bytes(T.actr_type, actrType("acme", "Echo", "1")), string(T.name, "echo"), string(T.service_fingerprint, "service_semantic:f"));
    const discovery = read(S.discovery_response, bytes(REF.DiscoveryResponse.success, bytes(REF.DiscoveryOk.entries, entry)));
    expect(discovery.case === "discoveryResponse" && discovery.value.result.case === "success" && discovery.value.result.value.entries[0]?.serviceFingerprint).toBe(
      "service_semantic:f",
    );
    const key = read(
      S.get_signing_key_response,
      message(varint(REF.GetSigningKeyResponse.key_id, 9), bytes(REF.GetSigningKeyResponse.pubkey, new Uint8Array(32))),
    );
    expect(key.case === "getSigningKeyResponse" && key.value.keyId).toBe(9);
    expect(read(S.subscribe_actr_up_response, ok).case).toBe("subscribeActrUpResponse");
    expect(read(S.unsubscribe_actr_up_response, ok).case).toBe("unsubscribeActrUpResponse");
    const up = read(S.actr_up_event, bytes(REF.ActrUpEvent.actor_id, id));
    expect(up.case === "actrUpEvent" && actrIdToString(up.value.actorId!)).toBe("1f2e@7/acme:EchoService:0.1.0");
    const error = read(S.error, errorResponse(401, "bad credential"));
    expect(error.case === "error" && error.value.code).toBe(401);
  });
});
