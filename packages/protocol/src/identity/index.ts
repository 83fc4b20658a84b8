export { IdentityFormatError } from "./identity-error.js";
export { MessageDecodeError, decodeComplete } from "./decode-complete.js";
export {
  actrTypeEquals,
  actrTypeMatches,
  actrTypeToString,
  assertActrTypePart,
  assertActrTypeVersion,
  makeActrType,
  parseActrType,
} from "./actr-type.js";
export {
  actrIdEquals,
  actrIdToString,
  assertActrIdComplete,
  describeActrId,
  makeActrId,
  parseActrId,
} from "./actr-id.js";
export { aclAllows } from "./acl.js";
export { SIGNALING_ENVELOPE_VERSION } from "./signaling-constants.js";
export { fromBase64, fromHex, toBase64, toHex } from "./text-encoding.js";
export {
  createSigningKey,
  ed25519PublicKeyFromRaw,
  ed25519RawPublicKey,
  loadOrCreateSigningKey,
  loadSigningKey,
  saveSigningKey,
  type SigningKey,
} from "./signing-key.js";
export {
  identityClaimsFor,
  issueCredential,
  verifyCredential,
  type CredentialCheck,
  type CredentialFailure,
} from "./credential.js";
export {
  CREDENTIAL_HEADER,
  SOURCE_ID_HEADER,
  credentialQuery,
  decodeCredentialHeader,
  decodeSourceIdHeader,
  encodeCredentialHeader,
  encodeSourceIdHeader,
  parseCredentialQuery,
  signalingWsUrl,
  verifyPeerHeaders,
  type PeerCheck,
} from "./credential-transport.js";
