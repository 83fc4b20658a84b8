import type { PayloadType } from "../common/payload-type.js";

/** One logical channel of a wire, for one PayloadType. */
export interface Lane {
  readonly payloadType: PayloadType;
  /** Resolves once the data is handed to the wire; waits while the wire is backed up. */
  send(data: Uint8Array): Promise<void>;
}
