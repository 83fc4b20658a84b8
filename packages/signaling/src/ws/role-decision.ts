import type { ActrId } from "@actr/protocol";

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Whether `self` offers to `peer`: the larger (realm, serial, manufacturer, name) offers, so both
 * sides reach the same answer without talking to each other.
 */
export function isOfferer(self: ActrId, peer: ActrId): boolean {
  const realm = (self.realm?.realmId ?? 0) - (peer.realm?.realmId ?? 0);
  if (realm !== 0) return realm > 0;
  if (self.serialNumber !== peer.serialNumber) return self.serialNumber > peer.serialNumber;
  const manufacturer = compareStrings(self.type?.manufacturer ?? "", peer.type?.manufacturer ?? "");
  if (manufacturer !== 0) return manufacturer > 0;
  return compareStrings(self.type?.name ?? "", peer.type?.name ?? "") > 0;
}
