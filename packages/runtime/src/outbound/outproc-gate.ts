import type { ActrId, DataStream } from "@actr/protocol";
import { encodeDataStream } from "../codec/data-stream-codec.js";
import { describeActrId } from "@actr/protocol";
import type { PayloadType } from "../common/payload-type.js";
import type { CallLineage } from "../context/call-lineage.js";
import { ActrError, GateNotInitializedError, TransportError } from "../errors/actr-error.js";
import type { ErrorReply } from "../errors/error-response.js";
import type { PeerTransport } from "../transport/peer-transport.js";
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
    const reply = this.pending.wait<Uint8Array>(requestId, routeKey, timeoutMs, signal, () => {
      // Best effort: the caller has its answer already; a lost cancel only lets the handler run on.
      transport.send(target, payloadType, encodeCancel(crypto.randomUUID(), requestId)).catch(() => undefined);
    });
    transport.send(target, payloadType, encodeRequest(requestId, routeKey, payload, timeoutMs, lineage)).then(
      (wire) => {
        if (wire) this.pending.failOnClose(requestId, wire);
      },
      (error: unknown) => this.pending.reject(requestId, asTransportError(error, target, routeKey)),
    );
    return reply;
  }

  async tell(target: ActrId, routeKey: string, payload: Uint8Array, payloadType: PayloadType, lineage?: CallLineage): Promise<void> {
    const transport = this.#require(target, routeKey);
    await this.#send(transport, target, payloadType, encodeTell(crypto.randomUUID(), routeKey, payload, lineage), routeKey);
  }

  async respond(target: ActrId, payloadType: PayloadType, requestId: string, routeKey: string, reply: Uint8Array | ErrorReply): Promise<void> {
    const transport = this.#require(target, routeKey);
    await this.#send(transport, target, payloadType, encodeResponse(requestId, routeKey, reply), routeKey);
  }

  async sendStream(target: ActrId, chunk: DataStream, payloadType: PayloadType): Promise<void> {
    const what = `stream ${chunk.streamId}`;
    const transport = this.#require(target, what);
    await this.#send(transport, target, payloadType, encodeDataStream(chunk), what);
  }

  async #send(transport: PeerTransport, target: ActrId, payloadType: PayloadType, data: Uint8Array, what: string): Promise<void> {
    try {
      await transport.send(target, payloadType, data);
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
