import { PayloadType, payloadTypeName } from "../../common/payload-type.js";
import type { RtcDataChannelInit } from "./rtc-api.js";

/** One DataChannel of a peer connection: the lane of one PayloadType. */
export interface LaneSpec {
  readonly payloadType: PayloadType;
  /** The PayloadType enum name, e.g. "RPC_RELIABLE". */
  readonly label: string;
  readonly init: RtcDataChannelInit;
}

const RELIABLE: RtcDataChannelInit = { ordered: true };

/**
 * The DataChannels every peer connection carries, created in-band by the offerer. Latency-first
 * streams may lose or reorder a chunk rather than wait for it; media travels as RTP, not here.
 */
export const LANE_SPECS: readonly LaneSpec[] = [
  { payloadType: PayloadType.RPC_RELIABLE, init: RELIABLE },
  { payloadType: PayloadType.RPC_SIGNAL, init: RELIABLE },
  { payloadType: PayloadType.STREAM_RELIABLE, init: RELIABLE },
  { payloadType: PayloadType.STREAM_LATENCY_FIRST, init: { ordered: false, maxRetransmits: 3 } },
].map((spec) => ({ ...spec, label: payloadTypeName(spec.payloadType) }));

/** The lane a DataChannel label names, or undefined for a label that is not ours. */
export function laneForLabel(label: string): LaneSpec | undefined {
  return LANE_SPECS.find((spec) => spec.label === label);
}
