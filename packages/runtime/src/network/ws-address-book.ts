import { actrIdToString, type ActrId, type WsAddressEntry } from "@actr/protocol";

/**
 * Peer WebSocket addresses learned from discovery. An entry without an address (e.g. from a
 * signaling server that restarted and lost it) keeps the one learned before.
 */
export class WsAddressBook {
  private readonly addresses = new Map<string, string>();

  remember(entries: readonly WsAddressEntry[]): void {
    for (const { candidateId, wsAddress } of entries) {
      if (candidateId !== undefined && wsAddress !== "") this.addresses.set(actrIdToString(candidateId), wsAddress);
    }
  }

  lookup(id: ActrId): string | undefined {
    return this.addresses.get(actrIdToString(id));
  }
}
