import type { ActrId, ActrType, DataStream, DataStreamSchema } from "@actr/protocol";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { Dest } from "../common/dest.js";
import type { MethodDescriptor } from "../workload/method-descriptor.js";
import type { CallOptions, StreamOptions, TellOptions } from "./call-options.js";
import type { Caller } from "./caller.js";

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
  /**
   * Calls `callback` each time an actor of this type comes online, until the function it resolves
   * with is called; the subscription survives signaling reconnects.
   */
  onActorUp(actrType: ActrType | string, callback: ActorUpCallback): Promise<() => void>;

  registerStream(streamId: string, callback: StreamCallback): Promise<void>;
  unregisterStream(streamId: string): Promise<void>;
  sendDataStream(
    dest: Dest,
    chunk: DataStream | MessageInitShape<typeof DataStreamSchema>,
    options?: StreamOptions,
  ): Promise<void>;
}
