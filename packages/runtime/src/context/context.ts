import type { ActrId, ActrType, DataStream, DataStreamSchema } from "@actr/protocol";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { Dest } from "../common/dest.js";
import type { MethodDescriptor } from "../workload/method-descriptor.js";
import type { CallOptions, StreamOptions, TellOptions } from "./call-options.js";
import type { Caller } from "./caller.js";
import type { MediaCodec, MediaKind } from "../media/media-codec.js";
import type { MediaSample, MediaTrackCallback } from "../media/media-sample.js";

/** Fast Path callback of a data stream: no Context, concurrent with the State Path. */
export type StreamCallback = (chunk: DataStream, sender: ActrId) => void | Promise<void>;


/** What a handler receives with each message. */
export interface Context extends Caller {
  /** This actor. */
  readonly selfId: ActrId;
  /** The remote actor that sent this message; undefined for shell and local calls. */
  readonly callerId: ActrId | undefined;
  /** The request id of this message (UUIDv4). */
  readonly requestId: string;

  /** Typed request through a generated method descriptor. */
  call<Req, Res, ReqInit, ResInit>(
    dest: Dest,
    method: MethodDescriptor<Req, Res, ReqInit, ResInit>,
    request: Req | ReqInit,
    options?: CallOptions,
  ): Promise<Res>;
  /** Typed fire-and-forget message. */
  tell<Req, Res, ReqInit, ResInit>(
    dest: Dest,
    method: MethodDescriptor<Req, Res, ReqInit, ResInit>,
    message: Req | ReqInit,
    options?: TellOptions,
  ): Promise<void>;
  callRaw(dest: Dest, routeKey: string, payload: Uint8Array, options?: CallOptions): Promise<Uint8Array>;
  tellRaw(dest: Dest, routeKey: string, payload: Uint8Array, options?: TellOptions): Promise<void>;

  /** Asks signaling for an actor of this type (fingerprint from Actr.lock.toml). */
  discover(actrType: ActrType | string): Promise<ActrId>;

  registerStream(streamId: string, callback: StreamCallback): Promise<void>;
  unregisterStream(streamId: string): Promise<void>;
  sendDataStream(
    dest: Dest,
    chunk: DataStream | MessageInitShape<typeof DataStreamSchema>,
    options?: StreamOptions,
  ): Promise<void>;

  /**
   * Adds a native RTP track toward a remote actor, renegotiating the WebRTC connection (dialed if
   * needed). Rejects with a TransportError when the peer has no WebRTC connection: WebSocket
   * never carries media.
   */
  addMediaTrack(dest: Dest, trackId: string, codec: MediaCodec, kind: MediaKind): Promise<void>;
  /** Sends one sample of a track added before, as one RTP packet. */
  sendMediaSample(dest: Dest, trackId: string, sample: MediaSample): Promise<void>;
  /** Fast Path callback for the samples of a remote actor's track with this id. */
  registerMediaTrack(trackId: string, callback: MediaTrackCallback): Promise<void>;
  unregisterMediaTrack(trackId: string): Promise<void>;
}
