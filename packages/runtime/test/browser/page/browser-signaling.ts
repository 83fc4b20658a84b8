// The page's registration and signaling socket: the runtime's own (ais-client, SignalingClient)
// import Node modules (node:crypto, ws, Buffer through @actr/protocol's index), so the page speaks
// the same protocol with fetch and the browser's WebSocket. Message schemas are the generated ones.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import type { ActrId, ActrType } from "@actr/protocol/actr/identity_pb.js";
import { RealmSchema } from "@actr/protocol/actr/identity_pb.js";
import { RegisterRequestSchema, RegisterResponseSchema, type RegisterOk } from "@actr/protocol/actr/signaling_pb.js";
import { ActrRelaySchema, SignalingEnvelopeSchema } from "@actr/protocol/signaling/envelope_pb.js";
import { actrIdToString } from "../../../../protocol/src/identity/actr-id.js";
import { SIGNALING_ENVELOPE_VERSION } from "../../../../protocol/src/identity/signaling-constants.js";
import type { RelayPayload, RelayPort } from "../../../src/wire/webrtc/relay-port.js";

interface BrowserWebSocket {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(): void;
  onopen: (() => void) | null;
  onerror: (() => void) | null;
  onclose: (() => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
}

const { WebSocket } = globalThis as unknown as { WebSocket: new (url: string) => BrowserWebSocket };

/** `POST {ais}/register` with a protobuf RegisterRequest. */
export async function registerFromBrowser(aisUrl: string, actrType: ActrType, realmId: number): Promise<RegisterOk> {
  const request = create(RegisterRequestSchema, { actrType, realm: create(RealmSchema, { realmId }) });
  const response = await fetch(`${aisUrl}/register`, {
    method: "POST",
    headers: { "Content-Type": "application/x-protobuf" },
    body: toBinary(RegisterRequestSchema, request),
  });
  const { result } = fromBinary(RegisterResponseSchema, new Uint8Array(await response.arrayBuffer()));
  if (result.case !== "success") throw new Error(`registration refused: ${result.case === "error" ? result.value.message : response.status}`);
  return result.value;
}

function base64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

/** The signaling socket of a registered page: relays WebRTC negotiation both ways. */
export class BrowserSignaling implements RelayPort {
  private constructor(
    private readonly socket: BrowserWebSocket,
    private readonly ok: RegisterOk,
  ) {}

  static open(wsUrl: string, ok: RegisterOk, onRelay: (source: ActrId, payload: RelayPayload) => void): Promise<BrowserSignaling> {
    const { actrId, credential } = ok;
    if (actrId === undefined || credential === undefined) throw new Error("RegisterOk without id or credential");
    const query = new URLSearchParams({
      actor_id: actrIdToString(actrId),
      key_id: String(credential.keyId),
      claims: base64(credential.claims),
      signature: base64(credential.signature),
    });
    const socket = new WebSocket(`${wsUrl}?${query}`);
    socket.binaryType = "arraybuffer";
    socket.onmessage = ({ data }) => {
      if (!(data instanceof ArrayBuffer)) return;
      const { flow } = fromBinary(SignalingEnvelopeSchema, new Uint8Array(data));
      if (flow.case === "actrRelay" && flow.value.source !== undefined) onRelay(flow.value.source, flow.value.payload);
    };
    return new Promise((resolve, reject) => {
      socket.onopen = () => resolve(new BrowserSignaling(socket, ok));
      socket.onerror = () => reject(new Error(`signaling socket to ${wsUrl} failed`));
    });
  }

  async send(target: ActrId, payload: RelayPayload): Promise<void> {
    const relay = create(ActrRelaySchema, { source: this.ok.actrId, credential: this.ok.credential, target, payload });
    const envelope = create(SignalingEnvelopeSchema, {
      envelopeVersion: SIGNALING_ENVELOPE_VERSION,
      envelopeId: crypto.randomUUID(),
      flow: { case: "actrRelay", value: relay },
    });
    this.socket.send(toBinary(SignalingEnvelopeSchema, envelope));
  }

  close(): void {
    this.socket.close();
  }
}
