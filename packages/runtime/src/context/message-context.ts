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
import type { CallOrigin, DataStreamInit, Outbound } from "../outbound/outbound.js";
import type { RpcSpan } from "../tracing/call-tracer.js";
import { childSpan } from "../tracing/trace-context.js";
import type { TraceContext } from "../tracing/trace-context.js";
import type { CallLineage } from "./call-lineage.js";
import type { RequestOf, ResponseOf, RpcMethod } from "../workload/rpc-method.js";
import type { StreamInput, StreamMethod, StreamOutput } from "../streaming/stream-method.js";
import type { CallOptions, StreamOptions, TellOptions } from "./call-options.js";
import type { ActorUpCallback, Context, StreamCallback } from "./context.js";

/** What every Context of one actor shares. */
export interface ActorServices {
  readonly selfId: ActrId;
  /** actrIdToString(selfId), made once. */
  readonly selfKey: string;
  readonly outbound: Outbound;
  readonly streams: StreamRegistry;
  readonly media: MediaService;
  /** By a dependency's name in Actr.lock.toml, `manufacturer+name` or the full type. */
  discover(query: ActrType | string): Promise<ActrId>;
  onActorUp(type: ActrType, callback: ActorUpCallback): Promise<() => void>;
}

/** How a message reached its handler, beyond who sent it. */
export interface Arrival {
  /** The caller's trace context and the actors waiting for the caller. */
  readonly lineage?: CallLineage | undefined;
  /** The server span of this message, when a tracer is enabled; it ends with the handler. */
  readonly span?: RpcSpan | undefined;
  /** Whether the handler runs on the State Path, which then waits for everything it awaits. */
  readonly onStatePath?: boolean;
}

/**
 * The Context of one message (or of a lifecycle hook): the actor's services plus who asked.
 * Its AbortSignal and its span id are made on first use, so handlers that never look at them cost nothing.
 */
export class MessageContext implements Context {
  #controller: AbortController | undefined;
  #timer: TimerHandle | undefined;
  #abortedWith: ActrError | undefined;
  #trace: TraceContext | undefined;
  #whileRunning: CallOrigin | undefined;
  #finished = false;

  constructor(
    private readonly actor: ActorServices,
    readonly callerId: ActrId | undefined,
    readonly requestId: string,
    readonly deadline: number | undefined,
    private readonly arrival: Arrival = {},
  ) {}

  /** The trace this message belongs to: the caller's, or a new one when the caller sent none. */
  get traceId(): string {
    return this.#from().trace.traceId;
  }

  /** Ends the server span of this message (failed with the code of `error`, when given). */
  endSpan(error?: { readonly code: number; readonly message: string }): void {
    this.arrival.span?.end(error?.code, error?.message);
  }

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
    this.#finished = true;
    this.#clearTimer();
  }

  call<M extends RpcMethod>(dest: Dest, method: M, request: RequestOf<M>, options?: CallOptions): Promise<ResponseOf<M>> {
    return this.actor.outbound.call(Origin.Local, dest, method, request, { ...options, from: this.#from() }) as Promise<ResponseOf<M>>;
  }

  tell<M extends RpcMethod>(dest: Dest, method: M, message: RequestOf<M>, options?: TellOptions): Promise<void> {
    return this.actor.outbound.tell(Origin.Local, dest, method, message, { ...options, from: this.#from() });
  }

  callRaw(dest: Dest, routeKey: string, payload: Uint8Array, options?: CallOptions): Promise<Uint8Array> {
    return this.actor.outbound.callRaw(Origin.Local, dest, routeKey, payload, { ...options, from: this.#from() });
  }

  tellRaw(dest: Dest, routeKey: string, payload: Uint8Array, options?: TellOptions): Promise<void> {
    return this.actor.outbound.tellRaw(Origin.Local, dest, routeKey, payload, { ...options, from: this.#from() });
  }

  /**
   * What calls made here carry: this handler's span (the server span, or a child of the caller's
   * span) and the actors waiting for it, this one included while it runs on the State Path.
   */
  #from(): CallOrigin {
    const { lineage, span, onStatePath } = this.arrival;
    const trace = (this.#trace ??= span?.context ?? childSpan(lineage?.trace));
    const waiting = lineage?.waiting ?? [];
    // Once the handler has returned, its State Path waits no more: work it left running calls freely.
    if (onStatePath !== true || this.#finished) return { trace, waiting };
    this.#whileRunning ??= { trace, waiting: [...waiting, this.actor.selfKey] };
    return this.#whileRunning;
  }

  stream<M extends StreamMethod>(dest: Dest, method: M, input: StreamInput<M>, options?: CallOptions): StreamOutput<M> {
    return this.actor.outbound.stream(dest, method, input, { ...options, from: this.#from() }) as StreamOutput<M>;
  }

  async discover(actrType: ActrType | string): Promise<ActrId> {
    return this.actor.discover(actrType);
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

  activeStreams(): readonly string[] {
    return this.actor.streams.activeStreams();
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
