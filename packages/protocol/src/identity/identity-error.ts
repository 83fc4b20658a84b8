/** Malformed identity text or bytes: an ActrId, an ActrType, a header or a credential query. */
export class IdentityFormatError extends Error {
  override readonly name = "IdentityFormatError";
}
