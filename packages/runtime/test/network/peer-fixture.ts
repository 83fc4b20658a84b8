import {
  actrIdToString,
  createSigningKey,
  identityClaimsFor,
  issueCredential,
  makeActrId,
  makeActrType,
  verifyPeerHeaders,
  encodeSourceIdHeader,
  encodeCredentialHeader,
  SOURCE_ID_HEADER,
  CREDENTIAL_HEADER,
  type AIdCredential,
  type ActrId,
  type SigningKey,
} from "@actr/protocol";
import type { PayloadType } from "../../src/common/payload-type.js";
import { OutprocTransport } from "../../src/transport/outproc-transport.js";
import { memoryLogger } from "../support/temp-dir.js";
import { DEFAULT_KEEPALIVE, type KeepaliveOptions } from "../../src/wire/websocket/keepalive.js";
import { WebSocketConnector } from "../../src/wire/websocket/websocket-connector.js";
import { listenWebSocket, type WebSocketListener } from "../../src/wire/websocket/websocket-listener.js";

export interface Received {
  readonly sender: string;
  readonly payloadType: PayloadType;
  readonly text: string;
}

/** One actor's WebSocket side without signaling: credentials come from a local key. */
export interface TestPeer {
  readonly id: ActrId;
  readonly credential: AIdCredential;
  readonly transport: OutprocTransport;
  readonly listener: WebSocketListener;
  readonly received: Received[];
  close(): Promise<void>;
}

export function headersFor(id: ActrId, credential: AIdCredential): Record<string, string> {
  return { [SOURCE_ID_HEADER]: encodeSourceIdHeader(id), [CREDENTIAL_HEADER]: encodeCredentialHeader(credential) };
}

export function credentialFor(key: SigningKey, id: ActrId, expiresAtSec = Date.now() / 1000 + 3600): AIdCredential {
  return issueCredential(key, identityClaimsFor(id, Math.floor(expiresAtSec)));
}

export function testId(serial: bigint, name: string): ActrId {
  return makeActrId(1, serial, makeActrType("acme", name, "1.0.0"));
}

/** Starts a peer on 127.0.0.1:0; `addresses` maps actor id strings to listener URLs for dialing. */
export async function startTestPeer(
  key: SigningKey,
  id: ActrId,
  addresses: Map<string, string>,
  highWaterMark = 1024 * 1024,
  keepalive: KeepaliveOptions = DEFAULT_KEEPALIVE,
  logger = memoryLogger(),
): Promise<TestPeer> {
  const credential = credentialFor(key, id);
  const transport = new OutprocTransport(logger);
  const received: Received[] = [];
  transport.setSink((sender, payloadType, data) =>
    received.push({ sender: actrIdToString(sender), payloadType, text: new TextDecoder().decode(data) }),
  );
  const connector = new WebSocketConnector({
    resolveAddress: async (target) => {
      const url = addresses.get(actrIdToString(target));
      if (url === undefined) throw new Error(`no address for ${actrIdToString(target)}`);
      return url;
    },
    identityHeaders: () => headersFor(id, credential),
    onFrame: (sender, payloadType, data) => transport.deliver(sender, payloadType, data),
    maxPayload: 1024 * 1024,
    highWaterMark,
    dialTimeoutMs: 5_000,
    keepalive,
    logger,
  });
  transport.addConnector(connector);
  const listener = await listenWebSocket({
    host: "127.0.0.1",
    port: 0,
    maxPayload: 1024 * 1024,
    authenticate: (request) => {
      const check = verifyPeerHeaders(request.headers, key.publicKeyRaw, key.keyId);
      return check.ok ? { ok: true, peer: check.sourceId } : { ok: false, message: check.message };
    },
    onConnection: (socket, peer) => transport.adopt(connector.wrap(socket, peer)),
  });
  addresses.set(actrIdToString(id), listener.url);
  return {
    id,
    credential,
    transport,
    listener,
    received,
    close: async () => {
      await transport.close();
      await listener.close();
    },
  };
}

export { createSigningKey };

/** Polls until `condition` holds (event-driven code under test; no fixed sleeps). */
export async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
