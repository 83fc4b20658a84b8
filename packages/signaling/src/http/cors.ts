import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Lets pages of any origin register: browser actors POST protobuf to /ais from their own origin.
 * The endpoints take no cookies or ambient credentials, so allowing every origin opens nothing a
 * plain HTTP client could not already do. Answers the preflight itself (true) or only adds the
 * header to the real response (false).
 */
export function handleCors(request: IncomingMessage, response: ServerResponse): boolean {
  response.setHeader("Access-Control-Allow-Origin", "*");
  if (request.method !== "OPTIONS") return false;
  response.writeHead(204, {
    "Access-Control-Allow-Methods": "POST",
    "Access-Control-Allow-Headers": "Content-Type, Accept",
    "Access-Control-Max-Age": "600",
  });
  response.end();
  return true;
}
