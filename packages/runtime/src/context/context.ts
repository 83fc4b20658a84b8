import type { ActrId, ActrType, DataStream, DataStreamSchema } from "@actr/protocol";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { Dest } from "../common/dest.js";
import type { StreamOptions } from "./call-options.js";
import type { Caller } from "./caller.js";
import type { MediaCodec, MediaKind } from "../media/media-codec.js";
import type { MediaSample, MediaTrackCallback } from "../media/media-sample.js";

/** Fast Path callback of a data stream: no Context, concurrent with the State Path. */
export type StreamCallback = (chunk: DataStream, sender: ActrId) => void | Promise<void>;

/** Called with the id of an actor that came online (see Context.onActorUp). */
export type ActorUpCallback = (actorId: ActrId) => void | Promise<void>;

/** What a handler receives with each message. */
export interface Context extends Caller {
  /** This actor. */
  readonly selfId: ActrId;
  /** The remote actor that sent this message; undefined for shell and local calls. */
  readonly callerId: ActrId | undefined;
  /** The request id of this message (UUIDv4). */
  readonly requestId: string;
  /**
   * The W3C trace id of this message: the caller's (from the request's `traceparent`), or a new
   * one when it came without. Calls made with this Context continue the trace.
   */
  readonly traceId: string;
  /** When the caller stops waiting (epoch milliseconds, as Date.now()); undefined for tells and lifecycle hooks. */
  readonly deadline: number | undefined;
  /**
   * Fires when the work is no longer wanted: at the deadline, when the caller cancels, or when the
   * actor shuts down. Its reason is an ActrError. Pass it on to calls and I/O the handler makes.
   */
  readonly signal: AbortSignal;

  /**
   * Asks signaling for one actor of a dependency, named by its name in Actr.lock.toml,
   * `manufacturer+name` or its full type; presents the lock's fingerprint (see compat.lock.toml).
   * Rejects with TransportError when this actor runs without signaling.
   */
  discover(actrType: ActrType | string): Promise<ActrId>;
  /**
   * Calls `callback` each time an actor of this type comes online, until the function it resolves
   * with is called; the subscription survives signaling reconnects.
   */
  onActorUp(actrType: ActrType | string, callback: ActorUpCallback): Promise<() => void>;

  registerStream(streamId: string, callback: StreamCallback): Promise<void>;
  unregisterStream(streamId: string): Promise<void>;
  /** The stream ids this actor has a callback for now. */
  activeStreams(): readonly string[];
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
