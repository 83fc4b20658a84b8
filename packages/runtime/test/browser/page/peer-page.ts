// A browser peer: the runtime's WebRTC connector, wire, lanes and framing on the browser's own
// RTCPeerConnection, registered with the signaling server. It answers echo.EchoService.Echo,
// calls it on Node actors and sends and records data streams.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { ActrIdSchema, ActrTypeSchema, RealmSchema, type ActrId } from "@actr/protocol/actr/identity_pb.js";
import { DataStreamSchema, Direction, RpcEnvelopeSchema, type RpcEnvelope } from "@actr/protocol/actr/rpc_pb.js";
import { EchoRequestSchema, EchoResponseSchema } from "../../../../../fixtures/echo/expected/local/echo_pb.js";
import { actrIdToString } from "../../../../protocol/src/identity/actr-id.js";
import { PayloadType } from "../../../src/common/payload-type.js";
import type { Wire } from "../../../src/transport/wire.js";
import { browserEngine, type BrowserPeerConnectionConstructor } from "../../../src/wire/webrtc-browser/browser-engine.js";
import { WebRtcConnector } from "../../../src/wire/webrtc/webrtc-connector.js";
import { WebRtcWire } from "../../../src/wire/webrtc/webrtc-wire.js";
import type { RegisterOk } from "@actr/protocol/actr/signaling_pb.js";
import { BrowserSignaling, registerFromBrowser } from "./browser-signaling.js";

/** An actor id as plain JSON, to cross page.evaluate. */
export interface IdFields {
  readonly realm: number;
  readonly serial: string;
  readonly manufacturer: string;
  readonly name: string;
  readonly version: string;
}

export interface PeerPage {
  /** Registers (again: each call is a fresh identity); resolves with the page's id. */
  register(aisUrl: string): Promise<IdFields>;
  /** Connects signaling as the last registered identity and starts answering WebRTC. */
  connect(wsUrl: string): Promise<void>;
  /** Calls echo.EchoService.Echo on `target` over WebRTC and resolves with the reply. */
  echo(target: IdFields, message: string): Promise<string>;
  /** Sends `count` chunks of `size` bytes on stream `streamId` to `target`. */
  sendStream(target: IdFields, streamId: string, count: number, size: number): Promise<void>;
  /** What arrived so far: requests served and stream chunks as "<stream>/<sequence>:<bytes>". */
  received(): { readonly served: string[]; readonly chunks: string[]; readonly logs: string[] };
  /** Resolves with the chunks once `count` have arrived. */
  chunksArrived(count: number): Promise<string[]>;
  /**
   * Polls the connection to `from` until its inbound RTP stats count `packets` (stats have no
   * event), at most `timeoutMs`; resolves with the track identifiers and packet counts seen.
   */
  rtpArrived(from: IdFields, packets: number, timeoutMs: number): Promise<InboundRtp[]>;
}

/** The inbound-rtp entries of the W3C stats that the test reads. */
export interface InboundRtp {
  readonly trackIdentifier: string;
  readonly kind: string;
  readonly packetsReceived: number;
}

const ECHO_ROUTE = "echo.EchoService.Echo";

const toId = (fields: IdFields): ActrId =>
  create(ActrIdSchema, {
    realm: create(RealmSchema, { realmId: fields.realm }),
    serialNumber: BigInt(fields.serial),
    type: create(ActrTypeSchema, { manufacturer: fields.manufacturer, name: fields.name, version: fields.version }),
  });

const toFields = (id: ActrId): IdFields => ({
  realm: id.realm?.realmId ?? 0,
  serial: id.serialNumber.toString(),
  manufacturer: id.type?.manufacturer ?? "",
  name: id.type?.name ?? "",
  version: id.type?.version ?? "",
});

const served: string[] = [];
const chunks: string[] = [];
const logs: string[] = [];
const pending = new Map<string, (envelope: RpcEnvelope) => void>();
const chunkWaiters = new Set<() => void>();
const wires = new Map<string, Wire>();
let connector: WebRtcConnector | undefined;
let registered: RegisterOk | undefined;

const log = (level: string) => (message: string) => void logs.push(`${level} ${message}`);
const logger = { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };

async function wireTo(target: ActrId): Promise<Wire> {
  const known = wires.get(actrIdToString(target));
  if (known?.isOpen === true) return known;
  if (connector === undefined) throw new Error("start() first");
  const wire = await connector.connect(target);
  wires.set(actrIdToString(target), wire);
  return wire;
}

async function receive(sender: ActrId, payloadType: PayloadType, data: Uint8Array): Promise<void> {
  if (payloadType === PayloadType.STREAM_RELIABLE || payloadType === PayloadType.STREAM_LATENCY_FIRST) {
    const chunk = fromBinary(DataStreamSchema, data);
    chunks.push(`${chunk.streamId}/${chunk.sequence}:${chunk.payload.byteLength}`);
    for (const waiter of chunkWaiters) waiter();
    return;
  }
  const envelope = fromBinary(RpcEnvelopeSchema, data);
  if (envelope.direction === Direction.RESPONSE) {
    pending.get(envelope.requestId)?.(envelope);
    return;
  }
  const request = fromBinary(EchoRequestSchema, envelope.payload ?? new Uint8Array());
  served.push(request.message);
  const response = create(RpcEnvelopeSchema, {
    routeKey: envelope.routeKey,
    requestId: envelope.requestId,
    direction: Direction.RESPONSE,
    timeoutMs: 0n,
    payload: toBinary(EchoResponseSchema, create(EchoResponseSchema, { reply: `browser: ${request.message}` })),
  });
  await (await wireTo(sender)).lane(payloadType).send(toBinary(RpcEnvelopeSchema, response));
}

const api: PeerPage = {
  async register(aisUrl) {
    registered = await registerFromBrowser(aisUrl, create(ActrTypeSchema, { manufacturer: "acme", name: "BrowserPeer", version: "1.0.0" }), 1);
    return toFields(registered.actrId!);
  },

  async connect(wsUrl) {
    const ok = registered;
    if (ok === undefined) throw new Error("register() first");
    const self = ok.actrId!;
    const signaling = await BrowserSignaling.open(wsUrl, ok, (source, payload) => connector?.handleRelay(source, payload));
    const RTCPeerConnection = (globalThis as unknown as { RTCPeerConnection: BrowserPeerConnectionConstructor }).RTCPeerConnection;
    connector = new WebRtcConnector({
      self,
      engine: browserEngine(RTCPeerConnection),
      configuration: () => ({ iceServers: [], iceTransportPolicy: "all" }),
      relay: signaling,
      idText: actrIdToString,
      onInbound: (wire) => void wires.set(actrIdToString(wire.peer), wire),
      onMessage: (sender, payloadType, data) => {
        receive(sender, payloadType, data).catch((error: unknown) => logger.error(`receive failed: ${String(error)}`));
      },
      connectTimeoutMs: 15_000,
      disconnectGraceMs: 5_000,
      reassembly: { maxMessageBytes: 32 * 1024 * 1024, maxPendingBytes: 64 * 1024 * 1024, timeoutMs: 15_000 },
      logger,
    });
  },

  async echo(targetFields, message) {
    const target = toId(targetFields);
    const requestId = crypto.randomUUID();
    const request = create(RpcEnvelopeSchema, {
      routeKey: ECHO_ROUTE,
      requestId,
      direction: Direction.REQUEST,
      timeoutMs: 15_000n,
      payload: toBinary(EchoRequestSchema, create(EchoRequestSchema, { message })),
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const reply = new Promise<RpcEnvelope>((resolve, reject) => {
      pending.set(requestId, resolve);
      timer = setTimeout(() => reject(new Error(`no reply to "${message}" within 15 s; page log:\n${logs.join("\n")}`)), 15_000);
    });
    let envelope: RpcEnvelope;
    try {
      await (await wireTo(target)).lane(PayloadType.RPC_RELIABLE).send(toBinary(RpcEnvelopeSchema, request));
      envelope = await reply;
    } finally {
      clearTimeout(timer);
      pending.delete(requestId);
    }
    if (envelope.error !== undefined) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
    return fromBinary(EchoResponseSchema, envelope.payload ?? new Uint8Array()).reply;
  },

  async sendStream(targetFields, streamId, count, size) {
    const wire = await wireTo(toId(targetFields));
    for (let sequence = 1; sequence <= count; sequence++) {
      const chunk = create(DataStreamSchema, { streamId, sequence: BigInt(sequence), payload: new Uint8Array(size).fill(sequence & 0xff) });
      await wire.lane(PayloadType.STREAM_RELIABLE).send(toBinary(DataStreamSchema, chunk));
    }
  },

  received: () => ({ served: [...served], chunks: [...chunks], logs: [...logs] }),

  async rtpArrived(from, packets, timeoutMs) {
    const wire = wires.get(actrIdToString(toId(from)));
    if (!(wire instanceof WebRtcWire)) throw new Error("no WebRTC wire to that peer");
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const report = await wire.stats();
      const inbound = [...(report?.values() ?? [])]
        .filter((entry) => entry.type === "inbound-rtp")
        .map((entry) => entry as unknown as InboundRtp)
        .map(({ trackIdentifier, kind, packetsReceived }) => ({ trackIdentifier, kind, packetsReceived }));
      if (inbound.some((entry) => entry.packetsReceived >= packets) || Date.now() > deadline) return inbound;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  },

  chunksArrived(count) {
    return new Promise((resolve) => {
      const check = (): void => {
        if (chunks.length < count) return;
        chunkWaiters.delete(check);
        resolve([...chunks]);
      };
      chunkWaiters.add(check);
      check();
    });
  },
};

Object.assign(globalThis, { actrPage: api });
