import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { RegisterOkSchema, type ActrId, type RegisterOk } from "@actr/protocol";
import type { ServerContext } from "../server-context.js";
import { turnCredentialFor } from "../turn/turn-options.js";

/** A RegisterOk with a fresh credential for `id`; shared by register and renew. */
export function buildRegisterOk(context: ServerContext, id: ActrId): RegisterOk {
  const issued = context.issuer.issue(id);
  const { key } = context.issuer;
  return create(RegisterOkSchema, {
    actrId: id,
    credential: issued.credential,
    // Expires with the identity credential, so renewing one renews the other.
    turnCredential: turnCredentialFor(context.options.turn, id, issued.expiresAtSec),
    credentialExpiresAt: timestampFromMs(issued.expiresAtSec * 1000),
    signalingHeartbeatIntervalSecs: context.options.heartbeatIntervalSec,
    signingPubkey: key.publicKeyRaw,
    signingKeyId: key.keyId,
    renewalToken: issued.renewalToken,
    renewalTokenExpiresAt: timestampFromMs(issued.renewalExpiresAtSec * 1000),
  });
}
