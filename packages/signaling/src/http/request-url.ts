import type { IncomingMessage } from "node:http";

/**
 * The URL of a request, or undefined when its target does not parse (e.g. `http://[`): the
 * request line comes from the peer, so a bad one is refused, never thrown.
 */
export function requestUrl(request: IncomingMessage): URL | undefined {
  const target = request.url ?? "/";
  return URL.canParse(target, "http://localhost") ? new URL(target, "http://localhost") : undefined;
}

export function badTargetMessage(request: IncomingMessage): string {
  return `Request target ${JSON.stringify(request.url ?? "")} is not a valid URL path; send e.g. /ais/register`;
}
