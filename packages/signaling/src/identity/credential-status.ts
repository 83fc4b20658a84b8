import type { CredentialFailure } from "@actr/protocol";
import { Status, type StatusCode } from "../status.js";

/** 403 when a valid credential names another actor, 401 for every other credential failure. */
export function credentialFailureStatus(reason: CredentialFailure): StatusCode {
  return reason === "actor_mismatch" ? Status.Forbidden : Status.Unauthorized;
}
