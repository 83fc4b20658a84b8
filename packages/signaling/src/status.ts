import { create } from "@bufbuild/protobuf";
import { ErrorResponseSchema, type ErrorResponse } from "@actr/protocol";

/** HTTP-like codes of signaling ErrorResponses, the ones actors and actrix read. */
export const Status = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Gone: 410,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  TooManyRequests: 429,
  NotImplemented: 501,
  Internal: 500,
} as const;

export type StatusCode = (typeof Status)[keyof typeof Status];

export function errorResponse(code: StatusCode, message: string): ErrorResponse {
  return create(ErrorResponseSchema, { code, message });
}
