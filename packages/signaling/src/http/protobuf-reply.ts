import type { ServerResponse } from "node:http";
import { create, toBinary } from "@bufbuild/protobuf";
import { RegisterResponseSchema, type RegisterOk } from "@actr/protocol";
import { errorResponse, type StatusCode } from "../status.js";

export const PROTOBUF_CONTENT_TYPE = "application/x-protobuf";

function send(response: ServerResponse, status: number, body: Uint8Array): void {
  response.writeHead(status, { "Content-Type": PROTOBUF_CONTENT_TYPE, "Content-Length": body.length });
  response.end(body);
}

export function sendRegisterOk(response: ServerResponse, ok: RegisterOk): void {
  send(response, 200, toBinary(RegisterResponseSchema, create(RegisterResponseSchema, { result: { case: "success", value: ok } })));
}

/** Errors of /ais endpoints travel as RegisterResponse{error}, so clients decode one type. */
export function sendRegisterError(response: ServerResponse, status: StatusCode, message: string): void {
  const body = create(RegisterResponseSchema, { result: { case: "error", value: errorResponse(status, message) } });
  send(response, status, toBinary(RegisterResponseSchema, body));
}
