import type { ActrId, DataStream } from "@actr/protocol";
import { encodeDataStream } from "../codec/data-stream-codec.js";
import { describeActrId } from "@actr/protocol";
import type { PayloadType } from "../common/payload-type.js";
import type { CallLineage } from "../context/call-lineage.js";
import { ActrError, GateNotInitializedError, TransportError } from "../errors/actr-error.js";
import type { ErrorReply } from "../errors/error-response.js";
import type { PeerTransport } from "../transport/peer-transport.js";
import type { Wire } from "../transport/wire.js";
import type { MetadataPair } from "../codec/metadata-entry-codec.js";
import type { PendingRequests } from "./pending-requests.js";
import { encodeCancel, encodeRequest, encodeResponse, encodeTell } from "./rpc-envelopes.js";

/** The gate to remote actors (Dest.actor(id)): encodes envelopes and sends them over the PeerTransport. */
export class OutprocGate {
  #transport: PeerTransport | undefined;

  constructor(private readonly pending: PendingRequests) {}

  /** Set once the network is up; without it every send rejects with GateNotInitializedError. */
  attach(transport: PeerTransport): void {
    this.#transport = transport;
  }

  /** When `signal` aborts, the callee is told (a cancel tell), so its handler's `ctx.signal` fires. */
  request(target: ActrId, routeKey: string, payload: Uint8Array, payloadType: PayloadType, timeoutMs: number, signal?: AbortSignal, lineage?: CallLineage): Promise<Uint8Array> {
    const transport = this.#require(target, routeKey);
    const requestId = crypto.randomUUID();
    const reply = this.pending.wait<Uint8Array>(requestId, routeKey, timeoutMs, signal, () => this.cancel(target, payloadType, requestId));
    this.#sendRequest(transport, target, payloadType, requestId, encodeRequest(requestId, routeKey, payload, timeoutMs, lineage), routeKey);
    return reply;
  }

  /**
   * Sends the REQUEST that opens a streaming call, whose caller waits on `requestId` in the pending
   * map: a failed send or a closed wire fails it there.
   */
  openStream(target: ActrId, requestId: string, routeKey: string, payload: Uint8Array, payloadType: PayloadType, timeoutMs: number, lineage: CallLineage, metadata: readonly MetadataPair[]): void {
    const transport = this.#require(target, routeKey);
    this.#sendRequest(transport, target, payloadType, requestId, encodeRequest(requestId, routeKey, payload, timeoutMs, lineage, metadata), routeKey);
  }

  /** Tells `target` that the caller of `requestId` stopped waiting. */
  cancel(target: ActrId, payloadType: PayloadType, requestId: string): void {
    // Best effort: the caller has its answer already; a lost cancel only lets the handler run on.
    this.#transport?.send(target, payloadType, encodeCancel(crypto.randomUUID(), requestId)).catch(() => undefined);
  }

  #sendRequest(transport: PeerTransport, target: ActrId, payloadType: PayloadType, requestId: string, envelope: Uint8Array, routeKey: string): void {
    transport.send(target, payloadType, envelope).then(
      (wire) => {
        if (wire) this.pending.failOnClose(requestId, wire);
      },
      (error: unknown) => this.pending.reject(requestId, asTransportError(error, target, routeKey)),
    );
  }

  async tell(target: ActrId, routeKey: string, payload: Uint8Array, payloadType: PayloadType, lineage?: CallLineage): Promise<void> {
    const transport = this.#require(target, routeKey);
    await this.#send(transport, target, payloadType, encodeTell(crypto.randomUUID(), routeKey, payload, lineage), routeKey);
  }

  async respond(target: ActrId, payloadType: PayloadType, requestId: string, routeKey: string, reply: Uint8Array | ErrorReply): Promise<void> {
    const transport = this.#require(target, routeKey);
    await this.#send(transport, target, payloadType, encodeResponse(requestId, routeKey, reply), routeKey);
  }

  /** Resolves with the wire that carried the chunk, when the transport has wires. */
  async sendStream(target: ActrId, chunk: DataStream, payloadType: PayloadType): Promise<Wire | void> {
    const what = `stream ${chunk.streamId}`;
    const transport = this.#require(target, what);
    return this.#send(transport, target, payloadType, encodeDataStream(chunk), what);
  }

  async #send(transport: PeerTransport, target: ActrId, payloadType: PayloadType, data: Uint8Array, what: string): Promise<Wire | void> {
    try {
      return await transport.send(target, payloadType, data);
    } catch (error) {
      throw asTransportError(error, target, what);
    }
  }

  #require(target: ActrId, what: string): PeerTransport {
    if (this.#transport === undefined) {
      throw new GateNotInitializedError(
        `Cannot send ${what} to ${describeActrId(target)}: this actor has no network. Set [system.signaling] url in Actr.toml`,
      );
    }
    return this.#transport;
  }
}

function asTransportError(error: unknown, target: ActrId, what: string): ActrError {
  if (error instanceof ActrError) return error;
  const why = error instanceof Error ? error.message : String(error);
  return new TransportError(`Sending ${what} to ${describeActrId(target)} failed: ${why}`, { cause: error });
}
