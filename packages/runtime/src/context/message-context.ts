import { parseActrType } from "@actr/protocol";
import type { ActrId, ActrType } from "@actr/protocol";
import type { Dest } from "../common/dest.js";
import type { StreamRegistry } from "../inbound/stream-registry.js";
import type { MediaCodec, MediaKind } from "../media/media-codec.js";
import type { MediaSample, MediaTrackCallback } from "../media/media-sample.js";
import type { MediaService } from "../media/media-service.js";
import { Origin } from "../mailbox/inbox-message.js";
import type { DataStreamInit, Outbound } from "../outbound/outbound.js";
import type { MethodDescriptor } from "../workload/method-descriptor.js";
import type { CallOptions, StreamOptions, TellOptions } from "./call-options.js";
import type { Context, StreamCallback } from "./context.js";

/** What every Context of one actor shares. */
export interface ActorServices {
  readonly selfId: ActrId;
  readonly outbound: Outbound;
  readonly streams: StreamRegistry;
  readonly media: MediaService;
  discover(type: ActrType): Promise<ActrId>;
}

/** The Context of one message (or of a lifecycle hook): the actor's services plus who asked. */
export class MessageContext implements Context {
  constructor(
    private readonly actor: ActorServices,
    readonly callerId: ActrId | undefined,
    readonly requestId: string,
  ) {}

  get selfId(): ActrId {
    return this.actor.selfId;
  }

  call<Req, Res, ReqInit, ResInit>(dest: Dest, method: MethodDescriptor<Req, Res, ReqInit, ResInit>, request: Req | ReqInit, options?: CallOptions): Promise<Res> {
    return this.actor.outbound.call(Origin.Local, dest, method, request, options);
  }

  async tell<Req, Res, ReqInit, ResInit>(dest: Dest, method: MethodDescriptor<Req, Res, ReqInit, ResInit>, message: Req | ReqInit, options?: TellOptions): Promise<void> {
    return this.actor.outbound.notify(Origin.Local, dest, method, message, options);
  }

  invoke<Req, Res, ReqInit, ResInit>(dest: Dest, method: MethodDescriptor<Req, Res, ReqInit, ResInit>, request: Req | ReqInit, options?: CallOptions): Promise<Res> {
    return this.call(dest, method, request, options);
  }

  notify<Req, Res, ReqInit, ResInit>(dest: Dest, method: MethodDescriptor<Req, Res, ReqInit, ResInit>, message: Req | ReqInit, options?: TellOptions): Promise<void> {
    return this.tell(dest, method, message, options);
  }

  async callRaw(dest: Dest, routeKey: string, payload: Uint8Array, options?: CallOptions): Promise<Uint8Array> {
    return this.actor.outbound.request(Origin.Local, dest, routeKey, payload, options);
  }

  async tellRaw(dest: Dest, routeKey: string, payload: Uint8Array, options?: TellOptions): Promise<void> {
    return this.actor.outbound.tell(Origin.Local, dest, routeKey, payload, options);
  }

  async discover(actrType: ActrType | string): Promise<ActrId> {
    return this.actor.discover(typeof actrType === "string" ? parseActrType(actrType) : actrType);
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
