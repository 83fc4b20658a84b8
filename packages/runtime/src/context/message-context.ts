import { parseActrType } from "@actr/protocol";
import type { ActrId, ActrType } from "@actr/protocol";
import type { Dest } from "../common/dest.js";
import { unrefTimer } from "../common/timers.js";
import type { TimerHandle } from "../common/timers.js";
import { TimeoutError } from "../errors/actr-error.js";
import type { ActrError } from "../errors/actr-error.js";
import type { StreamRegistry } from "../inbound/stream-registry.js";
import type { MediaCodec, MediaKind } from "../media/media-codec.js";
import type { MediaSample, MediaTrackCallback } from "../media/media-sample.js";
import type { MediaService } from "../media/media-service.js";
import { Origin } from "../mailbox/inbox-message.js";
import type { DataStreamInit, Outbound } from "../outbound/outbound.js";
import type { RequestOf, ResponseOf, RpcMethod } from "../workload/rpc-method.js";
import type { StreamInput, StreamMethod, StreamOutput } from "../streaming/stream-method.js";
import type { CallOptions, StreamOptions, TellOptions } from "./call-options.js";
import type { ActorUpCallback, Context, StreamCallback } from "./context.js";

/** What every Context of one actor shares. */
export interface ActorServices {
  readonly selfId: ActrId;
  readonly outbound: Outbound;
  readonly streams: StreamRegistry;
  readonly media: MediaService;
  discover(type: ActrType): Promise<ActrId>;
  onActorUp(type: ActrType, callback: ActorUpCallback): Promise<() => void>;
}

/**
 * The Context of one message (or of a lifecycle hook): the actor's services plus who asked.
 * Its AbortSignal is made on first use, so handlers that never look at it cost nothing.
 */
export class MessageContext implements Context {
  #controller: AbortController | undefined;
  #timer: TimerHandle | undefined;
  #abortedWith: ActrError | undefined;

  constructor(
    private readonly actor: ActorServices,
    readonly callerId: ActrId | undefined,
    readonly requestId: string,
    readonly deadline: number | undefined,
  ) {}

  get selfId(): ActrId {
    return this.actor.selfId;
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#abortedWith !== undefined) this.#controller.abort(this.#abortedWith);
      else if (this.deadline !== undefined) this.#armDeadline(this.deadline);
    }
    return this.#controller.signal;
  }

  /** Fires the signal (caller cancelled, shutdown); the first reason wins. */
  abort(reason: ActrError): void {
    if (this.#abortedWith !== undefined) return;
    this.#abortedWith = reason;
    this.#clearTimer();
    this.#controller?.abort(reason);
  }

  /** The handler is done: a pending deadline timer no longer matters. */
  finish(): void {
    this.#clearTimer();
  }

  call<M extends RpcMethod>(dest: Dest, method: M, request: RequestOf<M>, options?: CallOptions): Promise<ResponseOf<M>> {
    return this.actor.outbound.call(Origin.Local, dest, method, request, options) as Promise<ResponseOf<M>>;
  }

  tell<M extends RpcMethod>(dest: Dest, method: M, message: RequestOf<M>, options?: TellOptions): Promise<void> {
    return this.actor.outbound.tell(Origin.Local, dest, method, message, options);
  }

  callRaw(dest: Dest, routeKey: string, payload: Uint8Array, options?: CallOptions): Promise<Uint8Array> {
    return this.actor.outbound.callRaw(Origin.Local, dest, routeKey, payload, options);
  }

  tellRaw(dest: Dest, routeKey: string, payload: Uint8Array, options?: TellOptions): Promise<void> {
    return this.actor.outbound.tellRaw(Origin.Local, dest, routeKey, payload, options);
  }

  stream<M extends StreamMethod>(dest: Dest, method: M, input: StreamInput<M>, options?: CallOptions): StreamOutput<M> {
    return this.actor.outbound.stream(dest, method, input, options) as StreamOutput<M>;
  }

  async discover(actrType: ActrType | string): Promise<ActrId> {
    return this.actor.discover(typeof actrType === "string" ? parseActrType(actrType) : actrType);
  }

  onActorUp(actrType: ActrType | string, callback: ActorUpCallback): Promise<() => void> {
    return this.actor.onActorUp(typeof actrType === "string" ? parseActrType(actrType) : actrType, callback);
  }

  async registerStream(streamId: string, callback: StreamCallback): Promise<void> {
    this.actor.streams.register(streamId, callback);
  }

  async unregisterStream(streamId: string): Promise<void> {
    this.actor.streams.unregister(streamId);
  }

  async sendDataStream(dest: Dest, chunk: DataStreamInit, options?: StreamOptions): Promise<void> {
    return this.actor.outbound.sendStream(dest, chunk, options?.payloadType);
  }

  #armDeadline(deadline: number): void {
    const expire = (): void => this.abort(new TimeoutError(`Request ${this.requestId} passed its deadline; the caller no longer waits`));
    const left = deadline - Date.now();
    if (left <= 0) return expire();
    this.#timer = setTimeout(expire, left);
    // The deadline alone must not keep the process alive.
    unrefTimer(this.#timer);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  addMediaTrack(dest: Dest, trackId: string, codec: MediaCodec, kind: MediaKind): Promise<void> {
    return this.actor.media.addTrack(dest, trackId, codec, kind);
  }

  sendMediaSample(dest: Dest, trackId: string, sample: MediaSample): Promise<void> {
    return this.actor.media.sendSample(dest, trackId, sample);
  }

  async registerMediaTrack(trackId: string, callback: MediaTrackCallback): Promise<void> {
    this.actor.media.register(trackId, callback);
  }

  async unregisterMediaTrack(trackId: string): Promise<void> {
    this.actor.media.unregister(trackId);
  }
}
