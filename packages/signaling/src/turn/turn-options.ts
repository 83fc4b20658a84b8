import { createHmac } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { actrIdToString, TurnCredentialSchema, type ActrId, type TurnCredential } from "@actr/protocol";

/**
 * A TURN relay (e.g. coturn with `use-auth-secret`) that shares a secret with this server, so
 * that the server can hand each actor a time-limited TURN credential without talking to the relay.
 */
export interface TurnOptions {
  /** The relay's `static-auth-secret`. Never logged. */
  secret: string;
  /** Where actors reach the relay, e.g. `turn:turn.example.com:3478`; announced in the start-up log. */
  urls: readonly string[];
}

/** Checks TURN options; throws a RangeError that names the bad field. */
export function resolveTurnOptions(options: TurnOptions | undefined): TurnOptions | undefined {
  if (options === undefined) return undefined;
  if (options.secret === "") throw new RangeError("Signaling option turn.secret must not be empty");
  if (options.urls.length === 0) throw new RangeError("Signaling option turn.urls needs at least one URL, e.g. turn:127.0.0.1:3478");
  for (const url of options.urls) {
    if (!/^turns?:[^\s]+$/.test(url)) {
      throw new RangeError(`Signaling option turn.urls: ${JSON.stringify(url)} is not a TURN URL (turn:host:port or turns:host:port)`);
    }
  }
  return { secret: options.secret, urls: [...options.urls] };
}

/**
 * The TURN REST API credential of `id`, valid until `expiresAtSec` (unix seconds): username
 * `<expiresAtSec>:<actor id>`, password base64(HMAC-SHA1(secret, username)). The relay recomputes
 * the password from the username and refuses it after the expiry. Without TURN options the
 * required field carries an empty placeholder.
 */
export function turnCredentialFor(turn: TurnOptions | undefined, id: ActrId, expiresAtSec: number): TurnCredential {
  if (turn === undefined) return create(TurnCredentialSchema, { username: "", password: "", expiresAt: BigInt(expiresAtSec) });
  const username = `${expiresAtSec}:${actrIdToString(id)}`;
  const password = createHmac("sha1", turn.secret).update(username).digest("base64");
  return create(TurnCredentialSchema, { username, password, expiresAt: BigInt(expiresAtSec) });
}
