import { create, isMessage } from "@bufbuild/protobuf";
import { DataStreamSchema } from "@actr/protocol";
import type { ActrId, DataStream } from "@actr/protocol";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { Dest } from "../common/dest.js";
import { PayloadType, payloadTypeName } from "../common/payload-type.js";
import { DEFAULT_CALL_TIMEOUT_MS } from "../context/call-options.js";
import type { CallOptions, TellOptions } from "../context/call-options.js";
import { DecodeError, InvalidArgumentError } from "../errors/actr-error.js";
import type { StreamRegistry } from "../inbound/stream-registry.js";
import { Origin } from "../mailbox/inbox-message.js";
import type { MethodDescriptor } from "../workload/method-descriptor.js";
import type { InprocGate } from "./inproc-gate.js";
import type { OutprocGate } from "./outproc-gate.js";
import type { ShellGate } from "./shell-gate.js";

/** Who is calling: the app (ActrRef) or the workload (a handler's Context). */
export type CallerSide = typeof Origin.Shell | typeof Origin.Local;

export type DataStreamInit = DataStream | MessageInitShape<typeof DataStreamSchema>;

/**
 * Picks the gate for a Dest and applies the call defaults (timeout, lane). Shared by Context and
 * ActrRef, so both behave the same.
 */
export class Outbound {
  constructor(
    private readonly inproc: InprocGate,
    private readonly shell: ShellGate,
    private readonly outproc: OutprocGate,
    private readonly streams: { readonly local: StreamRegistry; readonly shell: StreamRegistry },
    private readonly selfId: () => ActrId,
  ) {}

  /** `lane` is the method's; options.payloadType overrides it; raw calls default to RPC_RELIABLE. */
  request(side: CallerSide, dest: Dest, routeKey: string, payload: Uint8Array, options?: CallOptions, lane: PayloadType = PayloadType.RpcReliable): Promise<Uint8Array> {
    const payloadType = rpcLane(options?.payloadType ?? lane, routeKey);
    const timeoutMs = options?.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    switch (dest.kind) {
      case "local":
        return this.inproc.request(side, routeKey, payload, payloadType, timeoutMs, options?.signal);
      case "shell":
        return this.shell.request(this.#toShell(side, routeKey), payload, timeoutMs, options?.signal);
      case "actor":
        return this.outproc.request(dest.id, routeKey, payload, payloadType, timeoutMs, options?.signal);
    }
  }

  async tell(side: CallerSide, dest: Dest, routeKey: string, payload: Uint8Array, options?: TellOptions, lane: PayloadType = PayloadType.RpcReliable): Promise<void> {
    const payloadType = rpcLane(options?.payloadType ?? lane, routeKey);
    switch (dest.kind) {
      case "local":
        return this.inproc.tell(side, routeKey, payload, payloadType);
      case "shell":
        return this.shell.tell(this.#toShell(side, routeKey), payload);
      case "actor":
        return this.outproc.tell(dest.id, routeKey, payload, payloadType);
    }
  }

  /** Typed request: encodes with the method's input codec and decodes the reply with its output codec. */
  async call<Req, Res, ReqInit, ResInit>(
    side: CallerSide,
    dest: Dest,
    method: MethodDescriptor<Req, Res, ReqInit, ResInit>,
    request: Req | ReqInit,
    options?: CallOptions,
  ): Promise<Res> {
    const reply = await this.request(side, dest, method.routeKey, method.input.encode(request), options, method.payloadType);
    try {
      return method.output.decode(reply);
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new DecodeError(`Cannot decode the ${method.output.typeName} reply of ${method.routeKey}: ${why}`, { cause });
    }
  }

  notify<Req, Res, ReqInit, ResInit>(
    side: CallerSide,
    dest: Dest,
    method: MethodDescriptor<Req, Res, ReqInit, ResInit>,
    message: Req | ReqInit,
    options?: TellOptions,
  ): Promise<void> {
    return this.tell(side, dest, method.routeKey, method.input.encode(message), options, method.payloadType);
  }

  async sendStream(dest: Dest, init: DataStreamInit, payloadType: PayloadType = PayloadType.StreamReliable): Promise<void> {
    const chunk = isMessage(init, DataStreamSchema) ? init : create(DataStreamSchema, init);
    if (payloadType !== PayloadType.StreamReliable && payloadType !== PayloadType.StreamLatencyFirst) {
      throw new InvalidArgumentError(
        `Stream "${chunk.streamId}": ${payloadTypeName(payloadType)} is not a stream lane; use PayloadType.StreamReliable or StreamLatencyFirst`,
      );
    }
    switch (dest.kind) {
      case "local":
        return this.streams.local.deliver(chunk, this.selfId());
      case "shell":
        return this.streams.shell.deliver(chunk, this.selfId());
      case "actor":
        return this.outproc.sendStream(dest.id, chunk, payloadType);
    }
  }

  #toShell(side: CallerSide, routeKey: string): string {
    if (side === Origin.Shell) {
      throw new InvalidArgumentError(`${routeKey}: the app is the shell; from an ActrRef use Dest.local() for the workload or Dest.actor(id)`);
    }
    return routeKey;
  }
}

function rpcLane(payloadType: PayloadType, routeKey: string): PayloadType {
  if (payloadType !== PayloadType.RpcReliable && payloadType !== PayloadType.RpcSignal) {
    throw new InvalidArgumentError(`${routeKey}: ${payloadTypeName(payloadType)} is not an RPC lane; use PayloadType.RpcReliable or RpcSignal`);
  }
  return payloadType;
}
