import type { ServerResponse } from "node:http";
import { create, toBinary } from "@bufbuild/protobuf";
import { RegisterResponseSchema, RenewCredentialResponseSchema, type RegisterOk } from "@actr/protocol";
import { errorResponse, type StatusCode } from "../status.js";

export const PROTOBUF_CONTENT_TYPE = "application/x-protobuf";

/** What an /ais endpoint answers: RegisterResponse, or RenewCredentialResponse (the same numbers). */
export type AisAnswer = typeof RegisterResponseSchema | typeof RenewCredentialResponseSchema;

function send(response: ServerResponse, body: Uint8Array, headers: Record<string, string>): void {
  response.writeHead(200, { "Content-Type": PROTOBUF_CONTENT_TYPE, "Content-Length": body.length, ...headers });
  response.end(body);
}

export function sendOk(response: ServerResponse, answer: AisAnswer, ok: RegisterOk): void {
  send(response, toBinary(answer, create(answer, { result: { case: "success", value: ok } })), {});
}

/**
 * Errors of /ais endpoints travel, as actrix sends them, with HTTP 200 in the answer's error case,
 * so clients decode one type; the code says what went wrong.
 */
export function sendError(response: ServerResponse, answer: AisAnswer, status: StatusCode, message: string, headers: Record<string, string> = {}): void {
  send(response, toBinary(answer, create(answer, { result: { case: "error", value: errorResponse(status, message) } })), headers);
}
