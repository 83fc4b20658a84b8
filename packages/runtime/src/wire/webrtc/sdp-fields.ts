/** The first `a=ice-ufrag:` of an SDP: the ICE username fragment candidates of that description carry. */
export function iceUfragOf(sdp: string): string | undefined {
  const match = /^a=ice-ufrag:(\S+)\s*$/m.exec(sdp);
  return match?.[1];
}
