/**
 * A URL as it may appear in a log line or an error message: without its query, fragment and user
 * info, which may carry credentials (the signaling URL carries `claims` and `signature`).
 */
export function urlForLog(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    // Not a URL: show only what comes before any query.
    return url.split(/[?#]/, 1)[0] ?? "";
  }
}
