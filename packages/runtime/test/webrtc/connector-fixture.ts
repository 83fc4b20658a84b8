import { actrIdToString, type ActrId } from "@actr/protocol";
import type { PayloadType } from "../../src/common/payload-type.js";
import type { Wire } from "../../src/transport/wire.js";
import type { RtcDataChannel, RtcEngine, RtcPeerConnection } from "../../src/wire/webrtc/rtc-api.js";
import type { WebRtcConnector, WebRtcConnectorOptions } from "../../src/wire/webrtc/webrtc-connector.js";
import { memoryLogger } from "../support/temp-dir.js";
import { loopbackConnector } from "./loopback-connector.js";
import type { RelayHub } from "./relay-hub.js";

export interface Arrival {
  readonly sender: string;
  readonly payloadType: PayloadType;
  readonly data: Uint8Array;
}

export interface TestEnd {
  readonly id: ActrId;
  readonly connector: WebRtcConnector;
  readonly inbound: Wire[];
  readonly arrivals: Arrival[];
  readonly logger: ReturnType<typeof memoryLogger>;
}

/** One side of a WebRTC test: a connector on loopback talking through `hub`. */
export function testEnd(hub: RelayHub, id: ActrId, engine: RtcEngine, tuning: Partial<WebRtcConnectorOptions> = {}): TestEnd {
  const logger = memoryLogger();
  const inbound: Wire[] = [];
  const arrivals: Arrival[] = [];
  const connector = loopbackConnector(hub, id, engine, {
    onInbound: (wire) => inbound.push(wire),
    onMessage: (sender, payloadType, data) => arrivals.push({ sender: actrIdToString(sender), payloadType, data }),
    connectTimeoutMs: 10_000,
    disconnectGraceMs: 2_000,
    reassembly: { maxMessageBytes: 32 * 1024 * 1024, maxPendingBytes: 64 * 1024 * 1024, timeoutMs: 10_000 },
    logger,
    ...tuning,
  });
  return { id, connector, inbound, arrivals, logger };
}

/** Resolves when `condition` holds, checking after every turn of the event loop. */
export async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** An engine that remembers its peer connections and the channels they create, to watch or misuse them. */
export function recordingEngine(inner: RtcEngine): RtcEngine & { readonly channels: RtcDataChannel[]; readonly connections: RtcPeerConnection[] } {
  const channels: RtcDataChannel[] = [];
  const connections: RtcPeerConnection[] = [];
  return {
    name: inner.name,
    sendWindowBytes: inner.sendWindowBytes,
    channels,
    connections,
    createPeerConnection(configuration) {
      const connection = inner.createPeerConnection(configuration);
      connections.push(connection);
      const create = connection.createDataChannel.bind(connection);
      connection.createDataChannel = (label, init) => {
        const channel = create(label, init);
        channels.push(channel);
        return channel;
      };
      return connection;
    },
  };
}
