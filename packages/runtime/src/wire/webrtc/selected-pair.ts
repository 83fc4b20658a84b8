/** One entry of a standard RTCStatsReport, as every engine (and the browser) reports it. */
interface StatsEntry {
  readonly id: string;
  readonly type: string;
  readonly selectedCandidatePairId?: string;
  readonly localCandidateId?: string;
  readonly remoteCandidateId?: string;
  readonly candidateType?: string;
  readonly nominated?: boolean;
  readonly state?: string;
}

/** What a getStats() answer iterates over (a Map in werift and browsers). */
export interface RtcStatsReport {
  values(): Iterable<StatsEntry>;
}

export interface SelectedPairTypes {
  readonly local: string;
  readonly remote: string;
}

/**
 * The candidate types ("host", "srflx", "relay") of the local and remote end of every selected
 * candidate pair, read from the transport stats as the W3C stats spec defines them.
 */
export function selectedPairTypes(report: RtcStatsReport): SelectedPairTypes[] {
  const entries = new Map([...report.values()].map((entry) => [entry.id, entry]));
  const pairs = [...entries.values()]
    .filter((entry) => entry.type === "transport" && entry.selectedCandidatePairId !== undefined)
    .map((transport) => entries.get(transport.selectedCandidatePairId!));
  return pairs.map((pair) => ({
    local: entries.get(pair?.localCandidateId ?? "")?.candidateType ?? "unknown",
    remote: entries.get(pair?.remoteCandidateId ?? "")?.candidateType ?? "unknown",
  }));
}
