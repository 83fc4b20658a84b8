import type { IncomingMessage } from "node:http";
import { decodeCredentialHeader, CREDENTIAL_HEADER, verifyPeerHeaders } from "@actr/protocol";
import type { Logger } from "../common/logger.js";
import type { UpgradeCheck } from "../wire/websocket/websocket-listener.js";
import type { ActorIdentity } from "./actor-identity.js";

/** How long a key id the server does not know is not asked for again. */
const UNKNOWN_KEY_RETRY_MS = 60_000;
/** Bound on remembered keys and refusals, against dialers inventing key ids. */
const MAX_REMEMBERED = 256;
/** Lookups of unknown key ids per minute, so that dialers inventing key ids cannot flood signaling. */
const MAX_LOOKUPS_PER_MINUTE = 30;

/**
 * Verifies the credentials of actors dialing this one's peer listener. A credential signed by a
 * key other than the one this actor registered under (the server rotated its key, or the dialer
 * registered with another instance) is verified with the key the server names for its key_id,
 * fetched once and remembered.
 */
export class PeerCredentials {
  private readonly keys = new Map<number, Promise<Uint8Array | undefined>>();
  private readonly unknownUntil = new Map<number, number>();
  private lookups = { windowStartMs: 0, count: 0 };

  constructor(
    private readonly identity: ActorIdentity,
    private readonly fetchKey: (keyId: number) => Promise<Uint8Array>,
    private readonly logger: Logger,
  ) {}

  async check(request: IncomingMessage): Promise<UpgradeCheck> {
    const { headers } = request;
    const first = verifyPeerHeaders(headers, this.identity.signingPublicKey, this.identity.signingKeyId);
    if (first.ok) return { ok: true, peer: first.sourceId };
    if (first.reason !== "unknown_key_id") return { ok: false, message: first.message };
    // verifyPeerHeaders decoded the header to find the key id, so this cannot throw.
    const { keyId } = decodeCredentialHeader(String(headers[CREDENTIAL_HEADER.toLowerCase()]));
    const key = await this.key(keyId);
    if (key === undefined) return { ok: false, message: `credential key id ${keyId} is unknown (the signaling server does not know it, or too many unknown keys were looked up)` };
    const second = verifyPeerHeaders(headers, key, keyId);
    return second.ok ? { ok: true, peer: second.sourceId } : { ok: false, message: second.message };
  }

  private key(keyId: number): Promise<Uint8Array | undefined> {
    const known = this.keys.get(keyId);
    if (known !== undefined) return known;
    const now = Date.now();
    if ((this.unknownUntil.get(keyId) ?? 0) > now) return Promise.resolve(undefined);
    if (now - this.lookups.windowStartMs >= 60_000) this.lookups = { windowStartMs: now, count: 0 };
    if (this.lookups.count >= MAX_LOOKUPS_PER_MINUTE) return Promise.resolve(undefined);
    this.lookups.count++;
    const fetched = this.fetchKey(keyId).catch((error: unknown) => {
      this.keys.delete(keyId);
      remember(this.unknownUntil, keyId, Date.now() + UNKNOWN_KEY_RETRY_MS);
      this.logger.warn(`Cannot verify a peer credential signed by key ${keyId}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    remember(this.keys, keyId, fetched);
    return fetched;
  }
}

/** Map.set that first drops the oldest entry once the map holds MAX_REMEMBERED. */
function remember<V>(map: Map<number, V>, key: number, value: V): void {
  if (map.size >= MAX_REMEMBERED && !map.has(key)) {
    const oldest = map.keys().next();
    if (oldest.done !== true) map.delete(oldest.value);
  }
  map.set(key, value);
}
