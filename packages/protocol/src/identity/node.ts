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
