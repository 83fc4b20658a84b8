import { create, isMessage } from "@bufbuild/protobuf";
import { DataStreamSchema } from "@actr/protocol";
import { actrIdToString, describeActrId } from "@actr/protocol";
import type { ActrId, DataStream } from "@actr/protocol";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { Dest } from "../common/dest.js";
import { PayloadType, payloadTypeName } from "../common/payload-type.js";
import { DEFAULT_CALL_TIMEOUT_MS } from "../context/call-options.js";
import type { CallOptions, TellOptions } from "../context/call-options.js";
import { ActrError, DecodeError, InternalError, InvalidArgumentError } from "../errors/actr-error.js";
import type { StreamRegistry } from "../inbound/stream-registry.js";
import type { CallLineage } from "../context/call-lineage.js";
import type { CallTracer } from "../tracing/call-tracer.js";
import { failSpan, outgoingCall } from "../tracing/rpc-spans.js";
import type { TraceContext } from "../tracing/trace-context.js";
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

/** Who makes a call from inside the actor: its span and the actors waiting for it (see MessageContext). */
export interface CallOrigin {
  readonly trace: TraceContext;
  readonly waiting: readonly string[];
}

/** The options of a call plus, for calls made by a handler, where it is made from. */
export interface OutboundCallOptions extends CallOptions {
  readonly from?: CallOrigin | undefined;
}

export interface OutboundTellOptions extends TellOptions {
  readonly from?: CallOrigin | undefined;
}

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
    /** Opens client spans when a tracing library is enabled. */
    private readonly tracer?: CallTracer,
  ) {}

  /** Streaming call: see Caller.stream. */
  stream(dest: Dest, method: StreamMethod, input: unknown, options?: OutboundCallOptions): AsyncIterable<unknown> | Promise<unknown> {
    return this.streaming.open(dest, method, input, options);
  }

  /** `lane` is the method's; options.payloadType overrides it; raw calls default to RPC_RELIABLE. */
  async callRaw(side: CallerSide, dest: Dest, routeKey: string, payload: Uint8Array, options?: OutboundCallOptions, lane: PayloadType = PayloadType.RPC_RELIABLE): Promise<Uint8Array> {
    const payloadType = rpcLane(options?.payloadType ?? lane, routeKey);
    const timeoutMs = options?.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    this.#refuseSelfCall(dest, routeKey, options?.from);
    return this.#traced(dest, routeKey, payloadType, options?.from, true, (lineage) => {
      switch (dest.kind) {
        case "local":
          return this.inproc.request(side, routeKey, payload, undefined, payloadType, timeoutMs, options?.signal, lineage);
        case "shell":
          return this.shell.request(this.#toShell(side, routeKey), payload, undefined, timeoutMs, options?.signal, lineage);
        case "actor":
          return this.outproc.request(dest.id, routeKey, payload, payloadType, timeoutMs, options?.signal, lineage);
      }
    });
  }

  async tellRaw(side: CallerSide, dest: Dest, routeKey: string, payload: Uint8Array, options?: OutboundTellOptions, lane: PayloadType = PayloadType.RPC_RELIABLE): Promise<void> {
    const payloadType = rpcLane(options?.payloadType ?? lane, routeKey);
    return this.#traced(dest, routeKey, payloadType, options?.from, false, async (lineage) => {
      switch (dest.kind) {
        case "local":
          return this.inproc.tell(side, routeKey, payload, undefined, payloadType, lineage);
        case "shell":
          return this.shell.tell(this.#toShell(side, routeKey), payload, undefined, lineage);
        case "actor":
          return this.outproc.tell(dest.id, routeKey, payload, payloadType, lineage);
      }
    });
  }

  /** Typed request: objects within the process, bytes through the method's codec otherwise. */
  async call(side: CallerSide, dest: Dest, method: RpcMethod, request: unknown, options?: OutboundCallOptions): Promise<unknown> {
    const info = methodInfo(method);
    const { routeKey } = info;
    if (dest.kind === "local" && this.inproc.takesObjects) {
      const payloadType = rpcLane(options?.payloadType ?? info.payloadType, routeKey);
      const timeoutMs = options?.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
      const message = requestObject(info, request);
      this.#refuseSelfCall(dest, routeKey, options?.from);
      const reply = await this.#traced(dest, routeKey, payloadType, options?.from, true, (lineage) =>
        this.inproc.request(side, routeKey, undefined, message, payloadType, timeoutMs, options?.signal, lineage),
      );
      return objectReply(info, reply);
    }
    if (dest.kind === "shell" && this.shell.takesObjects) {
      const timeoutMs = options?.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
      const message = requestObject(info, request);
      const reply = await this.#traced(dest, routeKey, PayloadType.RPC_RELIABLE, options?.from, true, (lineage) =>
        this.shell.request(this.#toShell(side, routeKey), undefined, message, timeoutMs, options?.signal, lineage),
      );
      return objectReply(info, reply);
    }
    const reply = await this.callRaw(side, dest, routeKey, encodeRequest(info, request), options, info.payloadType);
    try {
      return info.decodeResponse(reply);
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new DecodeError(`Cannot decode the ${info.outputName} reply of ${routeKey}: ${why}`, { cause });
    }
  }

  async tell(side: CallerSide, dest: Dest, method: RpcMethod, message: unknown, options?: OutboundTellOptions): Promise<void> {
    const info = methodInfo(method);
    const { routeKey } = info;
    if (dest.kind === "local" && this.inproc.takesObjects) {
      const payloadType = rpcLane(options?.payloadType ?? info.payloadType, routeKey);
      const value = requestObject(info, message);
      return this.#traced(dest, routeKey, payloadType, options?.from, false, async (lineage) => this.inproc.tell(side, routeKey, undefined, value, payloadType, lineage));
    }
    if (dest.kind === "shell" && this.shell.takesObjects) {
      const value = requestObject(info, message);
      return this.#traced(dest, routeKey, PayloadType.RPC_RELIABLE, options?.from, false, async (lineage) =>
        this.shell.tell(this.#toShell(side, routeKey), undefined, value, lineage),
      );
    }
    return this.tellRaw(side, dest, info.routeKey, encodeRequest(info, message), options, info.payloadType);
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

  /**
   * A handler that awaits a request to an actor whose State Path waits for that handler (its own,
   * directly or through other actors) would wait behind itself until its timeout: refuse it now.
   */
  #refuseSelfCall(dest: Dest, routeKey: string, from: CallOrigin | undefined): void {
    if (from === undefined || from.waiting.length === 0 || dest.kind === "shell") return;
    const target = dest.kind === "local" ? actrIdToString(this.selfId()) : actrIdToString(dest.id);
    if (!from.waiting.includes(target)) return;
    const who = dest.kind === "local" ? "its own workload (Dest.local())" : `${describeActrId(dest.id)}, whose handler is waiting for this call`;
    throw new InvalidArgumentError(
      `${routeKey}: a handler awaits a call to ${who}; handlers run one at a time, so it would wait behind itself until its timeout. ` +
        "Use tell (fire-and-forget) or a data stream instead, or make the call outside the handler.",
    );
  }

  /** Sends with the call's lineage; its client span, when a tracer is enabled, ends with the reply. */
  async #traced<T>(dest: Dest, routeKey: string, payloadType: PayloadType, from: CallOrigin | undefined, isRequest: boolean, send: (lineage: CallLineage) => Promise<T>): Promise<T> {
    const { lineage, span } = outgoingCall(this.tracer, dest, routeKey, payloadType, from, isRequest);
    if (span === undefined) return send(lineage);
    try {
      const result = await send(lineage);
      span.end();
      return result;
    } catch (error) {
      failSpan(span, error);
      throw error;
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

/** The request as bytes; a value the codec refuses is a DecodeError (the message family), never a plain Error. */
function encodeRequest(info: MethodInfo, value: unknown): Uint8Array {
  try {
    return info.encodeRequest(value);
  } catch (cause) {
    throw invalidRequest(info, cause);
  }
}

/** The request as a message object, for calls that stay in the process; same errors as encodeRequest. */
function requestObject(info: MethodInfo, value: unknown): unknown {
  try {
    return info.request(value);
  } catch (cause) {
    throw invalidRequest(info, cause);
  }
}

function invalidRequest(info: MethodInfo, cause: unknown): ActrError {
  if (cause instanceof ActrError) return cause;
  const why = cause instanceof Error ? cause.message : String(cause);
  return new DecodeError(`Cannot encode the request of ${info.routeKey} as ${info.inputName}: ${why}. Pass a ${info.inputName} or its init object`, { cause });
}
