import { create, isMessage } from "@bufbuild/protobuf";
import { DataStreamSchema } from "@actr/protocol";
import type { ActrId, DataStream } from "@actr/protocol";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { Dest } from "../common/dest.js";
import { PayloadType, payloadTypeName } from "../common/payload-type.js";
import { DEFAULT_CALL_TIMEOUT_MS } from "../context/call-options.js";
import type { CallOptions, TellOptions } from "../context/call-options.js";
import { ActrError, DecodeError, InternalError, InvalidArgumentError } from "../errors/actr-error.js";
import type { StreamRegistry } from "../inbound/stream-registry.js";
import { Origin } from "../mailbox/inbox-message.js";
import { methodInfo, rpcLane } from "../workload/rpc-method.js";
import type { MethodInfo, RpcMethod } from "../workload/rpc-method.js";
import type { InprocGate } from "./inproc-gate.js";
import type { OutprocGate } from "./outproc-gate.js";
import type { ShellGate } from "./shell-gate.js";
import type { StreamMethod } from "../streaming/stream-method.js";
import type { StreamingCalls } from "../streaming/streaming-calls.js";

/** Who is calling: the app (ActrRef) or the workload (a handler's Context). */
export type CallerSide = typeof Origin.Shell | typeof Origin.Local;

export type DataStreamInit = DataStream | MessageInitShape<typeof DataStreamSchema>;

/**
 * Picks the gate for a Dest and applies the call defaults (timeout, lane). Shared by Context and
 * ActrRef, so both behave the same. Typed calls that stay in the process hand the message object
 * over and get the response object back; only raw and remote calls see bytes.
 */
export class Outbound {
  constructor(
    private readonly inproc: InprocGate,
    private readonly shell: ShellGate,
    private readonly outproc: OutprocGate,
    private readonly streams: { readonly local: StreamRegistry; readonly shell: StreamRegistry },
    private readonly selfId: () => ActrId,
    private readonly streaming: StreamingCalls,
  ) {}

  /** Streaming call: see Caller.stream. */
  stream(dest: Dest, method: StreamMethod, input: unknown, options?: CallOptions): AsyncIterable<unknown> | Promise<unknown> {
    return this.streaming.open(dest, method, input, options);
  }

  /** `lane` is the method's; options.payloadType overrides it; raw calls default to RPC_RELIABLE. */
  callRaw(side: CallerSide, dest: Dest, routeKey: string, payload: Uint8Array, options?: CallOptions, lane: PayloadType = PayloadType.RPC_RELIABLE): Promise<Uint8Array> {
    const payloadType = rpcLane(options?.payloadType ?? lane, routeKey);
    const timeoutMs = options?.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    switch (dest.kind) {
      case "local":
        return this.inproc.request(side, routeKey, payload, undefined, payloadType, timeoutMs, options?.signal);
      case "shell":
        return this.shell.request(this.#toShell(side, routeKey), payload, undefined, timeoutMs, options?.signal);
      case "actor":
        return this.outproc.request(dest.id, routeKey, payload, payloadType, timeoutMs, options?.signal);
    }
  }

  async tellRaw(side: CallerSide, dest: Dest, routeKey: string, payload: Uint8Array, options?: TellOptions, lane: PayloadType = PayloadType.RPC_RELIABLE): Promise<void> {
    const payloadType = rpcLane(options?.payloadType ?? lane, routeKey);
    switch (dest.kind) {
      case "local":
        return this.inproc.tell(side, routeKey, payload, undefined, payloadType);
      case "shell":
        return this.shell.tell(this.#toShell(side, routeKey), payload, undefined);
      case "actor":
        return this.outproc.tell(dest.id, routeKey, payload, payloadType);
    }
  }

  /** Typed request: objects within the process, bytes through the method's codec otherwise. */
  async call(side: CallerSide, dest: Dest, method: RpcMethod, request: unknown, options?: CallOptions): Promise<unknown> {
    const info = methodInfo(method);
    const { routeKey } = info;
    if (dest.kind === "local" && this.inproc.takesObjects) {
      const payloadType = rpcLane(options?.payloadType ?? info.payloadType, routeKey);
      const timeoutMs = options?.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
      return objectReply(info, await this.inproc.request(side, routeKey, undefined, info.request(request), payloadType, timeoutMs, options?.signal));
    }
    if (dest.kind === "shell" && this.shell.takesObjects) {
      const timeoutMs = options?.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
      return objectReply(info, await this.shell.request(this.#toShell(side, routeKey), undefined, info.request(request), timeoutMs, options?.signal));
    }
    const reply = await this.callRaw(side, dest, routeKey, info.encodeRequest(request), options, info.payloadType);
    try {
      return info.decodeResponse(reply);
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new DecodeError(`Cannot decode the ${info.outputName} reply of ${routeKey}: ${why}`, { cause });
    }
  }

  async tell(side: CallerSide, dest: Dest, method: RpcMethod, message: unknown, options?: TellOptions): Promise<void> {
    const info = methodInfo(method);
    if (dest.kind === "local" && this.inproc.takesObjects) {
      return this.inproc.tell(side, info.routeKey, undefined, info.request(message), rpcLane(options?.payloadType ?? info.payloadType, info.routeKey));
    }
    if (dest.kind === "shell" && this.shell.takesObjects) {
      return this.shell.tell(this.#toShell(side, info.routeKey), undefined, info.request(message));
    }
    return this.tellRaw(side, dest, info.routeKey, info.encodeRequest(message), options, info.payloadType);
  }

  async sendStream(dest: Dest, init: DataStreamInit, payloadType: PayloadType = PayloadType.STREAM_RELIABLE): Promise<void> {
    const chunk = isMessage(init, DataStreamSchema) ? init : create(DataStreamSchema, init);
    if (payloadType !== PayloadType.STREAM_RELIABLE && payloadType !== PayloadType.STREAM_LATENCY_FIRST) {
      throw new InvalidArgumentError(
        `Stream "${chunk.streamId}": ${payloadTypeName(payloadType)} is not a stream lane; use PayloadType.STREAM_RELIABLE or STREAM_LATENCY_FIRST`,
      );
    }
    switch (dest.kind) {
      case "local":
        return this.streams.local.deliver(chunk, this.selfId());
      case "shell":
        return this.streams.shell.deliver(chunk, this.selfId());
      case "actor":
        await this.outproc.sendStream(dest.id, chunk, payloadType);
    }
  }

  #toShell(side: CallerSide, routeKey: string): string {
    if (side === Origin.Shell) {
      throw new InvalidArgumentError(`${routeKey}: the app is the shell; from an ActrRef use Dest.local() for the workload or Dest.actor(id)`);
    }
    return routeKey;
  }
}

/** The handler's reply as the caller's response message (an init object becomes a message). */
function objectReply(info: MethodInfo, reply: unknown): unknown {
  try {
    return info.response(reply);
  } catch (cause) {
    if (cause instanceof ActrError) throw cause;
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new InternalError(`Handler of ${info.routeKey} returned a value that is not a valid ${info.outputName}: ${why}`, { cause });
  }
}
