import { actrIdEquals, describeActrId } from "@actr/protocol";
import type { ActrId, DataStream } from "@actr/protocol";
import type { RpcEnvelopeData } from "../codec/rpc-envelope-codec.js";
import type { Dest } from "../common/dest.js";
import { EMPTY_BYTES } from "../common/empty-bytes.js";
import type { Logger } from "../common/logger.js";
import { PayloadType } from "../common/payload-type.js";
import { DEFAULT_CALL_TIMEOUT_MS } from "../context/call-options.js";
import type { MessageContext } from "../context/message-context.js";
import { ActrError, DecodeError, InternalError, InvalidArgumentError, NotImplementedError, TimeoutError, TransportError, UnknownRouteError } from "../errors/actr-error.js";
import { toErrorReply } from "../errors/error-response.js";
import type { OutboundCallOptions } from "../outbound/outbound.js";
import type { OutprocGate } from "../outbound/outproc-gate.js";
import { decodeLineage } from "../outbound/rpc-envelopes.js";
import type { PendingRequests } from "../outbound/pending-requests.js";
import type { ContextFactory } from "../scheduler/message-runner.js";
import type { RunningRequests } from "../scheduler/running-requests.js";
import type { CallTracer } from "../tracing/call-tracer.js";
import { failSpan, outgoingCall, serverSpan } from "../tracing/rpc-spans.js";
import type { Wire } from "../transport/wire.js";
import { methodInfo, rpcLane } from "../workload/rpc-method.js";
import type { MethodInfo } from "../workload/rpc-method.js";
import type { Dispatcher } from "../workload/workload.js";
import type { CallLink, LinkEvents } from "./call-link.js";
import { inprocLinks } from "./inproc-link.js";
import { RemoteLink } from "./remote-link.js";
import type { StreamMethod, StreamRoute } from "./stream-method.js";
import { STREAM_WINDOW, downStreamId, openMetadata, upStreamId } from "./stream-wire.js";
import type { StreamKind } from "./stream-wire.js";

/** What settles a streaming call's pending entry when the callee ended its messages. */
const STREAM_ENDED = Symbol("stream ended");

export interface StreamingParts {
  readonly pending: PendingRequests;
  readonly running: RunningRequests;
  readonly outproc: OutprocGate;
  readonly workload: Dispatcher;
  readonly contextFor: ContextFactory;
  readonly logger: Logger;
  /** Opens a client span per call and a server span per handled call when a tracing library is enabled. */
  readonly tracer?: CallTracer | undefined;
}

/**
 * Streaming rpc calls of one actor, both as caller and as callee. A call is a pending request (so
 * its deadline, its caller's signal, a closed wire and shutdown end it as they end a unary call)
 * plus a link per side: bounded queues within the process, chunks of the stream lane with remote
 * actors. Handlers of streaming calls run on the Fast Path, beside the State Path. Like a unary
 * call, the opening request carries the caller's lineage, and the caller's client span and the
 * handler's server span (when a tracer is enabled) cover the whole stream.
 */
export class StreamingCalls {
  /** Remote links by the stream id their chunks arrive on. */
  readonly #links = new Map<string, RemoteLink>();

  constructor(private readonly parts: StreamingParts) {}

  /** A chunk of a call stream from `sender`; one that no live call expects is dropped. */
  deliver(chunk: DataStream, sender: ActrId): void {
    const link = this.#links.get(chunk.streamId);
    if (link === undefined || !actrIdEquals(link.peer, sender)) {
      this.parts.logger.debug(`Dropped chunk ${chunk.sequence} of ${chunk.streamId} from ${describeActrId(sender)}: no call of it is open`);
      return;
    }
    link.deliver(chunk);
  }

  /** The caller's side: see Caller.stream. Errors, even at opening, surface where the responses are read. */
  open(dest: Dest, method: StreamMethod, input: unknown, options?: OutboundCallOptions): AsyncIterable<unknown> | Promise<unknown> {
    const info = methodInfo(method);
    const kind: StreamKind = method.methodKind;
    const { routeKey } = info;
    const payloadType = rpcLane(options?.payloadType ?? info.payloadType, routeKey);
    const timeoutMs = options?.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    const requestId = crypto.randomUUID();
    const { pending, tracer } = this.parts;
    const { lineage, span } = outgoingCall(tracer, dest, routeKey, payloadType, options?.from, true);
    let cancelCallee: () => void = () => undefined;
    const finished = pending.wait<unknown>(requestId, routeKey, timeoutMs, options?.signal, () => cancelCallee());
    const events: LinkEvents = {
      ended: () => void pending.resolve(requestId, STREAM_ENDED),
      failed: (error) => {
        if (pending.reject(requestId, error)) cancelCallee();
      },
      cancelled: () => {
        if (pending.reject(requestId, new TimeoutError(`Call to ${routeKey} (request ${requestId}) was cancelled: its caller stopped reading the responses`))) cancelCallee();
      },
    };
    let link: CallLink;
    let toWire: (value: unknown) => unknown;
    switch (dest.kind) {
      case "local": {
        const ctx = this.parts.contextFor(undefined, requestId, pending.deadlineOf(requestId), { lineage, span: serverSpan(tracer, lineage, routeKey, undefined, payloadType) });
        const links = inprocLinks(STREAM_WINDOW, events, calleeEvents(ctx));
        link = links.caller;
        toWire = info.request;
        cancelCallee = () => ctx.abort(new TimeoutError(`The caller of ${routeKey} cancelled request ${requestId}`));
        this.#serveInproc(routeKey, kind, input, links.callee, ctx);
        break;
      }
      case "actor": {
        const target = dest.id;
        const remote = new RemoteLink(target, downStreamId(requestId), upStreamId(requestId), STREAM_WINDOW, (chunk) => this.parts.outproc.sendStream(target, chunk, PayloadType.STREAM_RELIABLE), info.decodeResponse, events);
        link = remote;
        toWire = info.encodeRequest;
        cancelCallee = () => this.parts.outproc.cancel(target, payloadType, requestId);
        this.#links.set(remote.incomingId, remote);
        try {
          const payload = kind === "server_streaming" ? info.encodeRequest(input) : EMPTY_BYTES;
          this.parts.outproc.openStream(target, requestId, routeKey, payload, payloadType, timeoutMs, lineage, openMetadata(kind, STREAM_WINDOW));
        } catch (error) {
          pending.reject(requestId, ActrError.from(error));
        }
        break;
      }
      case "shell":
        link = inprocLinks(1, events, events).caller;
        toWire = info.request;
        pending.reject(requestId, new NotImplementedError(`${routeKey}: streaming calls to Dest.shell() are not supported; call the app through a unary method`));
    }
    finished
      .then((value) => {
        if (value !== STREAM_ENDED) throw new NotImplementedError(`The callee answered ${routeKey} as a unary call: it does not serve streaming calls`);
      })
      .then(
        () => {
          span?.end();
          link.close(new TimeoutError(`${routeKey} has ended`));
        },
        (error: unknown) => {
          failSpan(span, error);
          link.close(ActrError.from(error));
          // A remote callee has its own deadline and watches its wire; one in this process learns here.
          if (dest.kind === "local") cancelCallee();
        },
      )
      .finally(() => this.#links.delete(downStreamId(requestId)));
    if (kind !== "server_streaming") void pump(input, link, toWire);
    return kind === "client_streaming" ? single(link.incoming, routeKey) : link.incoming;
  }

  /** The callee's side of a REQUEST from a remote actor that opens a streaming call. */
  serveRemote(sender: ActrId, payloadType: PayloadType, envelope: RpcEnvelopeData, open: { readonly kind: StreamKind; readonly window: number }): void {
    const { requestId, routeKey } = envelope;
    const lineage = decodeLineage(envelope);
    const span = serverSpan(this.parts.tracer, lineage, routeKey, sender, payloadType);
    const refuse = (error: ActrError): void => {
      failSpan(span, error);
      this.parts.outproc.respond(sender, payloadType, requestId, routeKey, toErrorReply(error)).catch((cause: unknown) => {
        this.parts.logger.debug(`Could not refuse the streaming call ${routeKey} to ${describeActrId(sender)}`, cause);
      });
    };
    let route: StreamRoute;
    let input: unknown;
    try {
      route = this.#route(routeKey, open.kind);
      input = open.kind === "server_streaming" ? decodeRequest(route.info, envelope.payload ?? EMPTY_BYTES) : undefined;
    } catch (error) {
      return refuse(ActrError.from(error));
    }
    if (this.parts.running.takeEarlyCancel(requestId)) return refuse(new TimeoutError(`${routeKey} (request ${requestId}) was not run: its caller cancelled it`));
    const timeoutMs = Number(envelope.timeoutMs);
    const ctx = this.parts.contextFor(sender, requestId, timeoutMs > 0 ? Date.now() + timeoutMs : undefined, { lineage, span });
    let watching = false;
    const watch = (wire: Wire | void): void => {
      if (wire === undefined || watching) return;
      watching = true;
      // The caller crashed or went away: nobody reads the responses any more.
      wire.onClose((reason) => ctx.abort(new TransportError(`The connection to the caller of ${routeKey} closed${reason === undefined ? "" : ` (${reason})`}`)));
    };
    const send = (chunk: DataStream): Promise<unknown> => {
      const sent = this.parts.outproc.sendStream(sender, chunk, PayloadType.STREAM_RELIABLE);
      if (!watching) sent.then(watch, () => undefined);
      return sent;
    };
    const link = new RemoteLink(sender, upStreamId(requestId), downStreamId(requestId), STREAM_WINDOW, send, route.info.decodeRequest, calleeEvents(ctx));
    link.grant(open.window);
    this.#links.set(link.incomingId, link);
    if (open.kind !== "server_streaming") {
      input = link.incoming;
      link.grantWindow();
    }
    void this.#serve(route, input, link, ctx, route.info.encodeResponse).finally(() => this.#links.delete(link.incomingId));
  }

  #serveInproc(routeKey: string, kind: StreamKind, input: unknown, link: CallLink, ctx: MessageContext): void {
    let route: StreamRoute;
    let request: unknown;
    try {
      route = this.#route(routeKey, kind);
      request = kind === "server_streaming" ? route.info.request(input) : link.incoming;
    } catch (error) {
      const failure = ActrError.from(error);
      ctx.endSpan(failure);
      return link.fail(failure);
    }
    void this.#serve(route, request, link, ctx, route.info.response);
  }

  #route(routeKey: string, kind: StreamKind): StreamRoute {
    const route = this.parts.workload.streamRoute?.(routeKey);
    if (route === undefined) {
      const known = this.parts.workload.routeKeys.includes(routeKey);
      if (known) throw new InvalidArgumentError(`${routeKey} is a unary method; call it with call(), not as a stream`);
      throw UnknownRouteError.forRoute(routeKey, "this actor", this.parts.workload.routeKeys);
    }
    if (route.kind !== kind) throw new InvalidArgumentError(`${routeKey} is a ${route.kind.replace("_", " ")} method, not ${kind.replace("_", " ")}`);
    return route;
  }

  /**
   * Runs a streaming handler and sends what it yields. When its context's signal fires, the caller
   * is told at once and the next send (or credit wait) fails, which closes the handler's generator;
   * a handler awaiting something else should pass ctx.signal on to it. Its span ends with the call.
   */
  async #serve(route: StreamRoute, input: unknown, link: CallLink, ctx: MessageContext, toWire: (value: unknown) => unknown): Promise<void> {
    const { signal } = ctx;
    let failure: ActrError | undefined;
    const onAbort = (): void => {
      const reason = ActrError.from(signal.reason);
      failure ??= reason;
      link.incoming.abort(reason);
      link.fail(reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    if (signal.aborted) onAbort();
    this.parts.running.begin(ctx);
    try {
      const responses = route.open(input, ctx)[Symbol.asyncIterator]();
      try {
        for (let next = await responses.next(); next.done !== true; next = await responses.next()) {
          const wait = link.send(toWire(next.value));
          if (wait !== undefined) await wait;
        }
      } catch (error) {
        // Lets a generator run its finally blocks; its own failure is already on its way out.
        void Promise.resolve(responses.return?.()).catch(() => undefined);
        throw error;
      }
      link.end();
    } catch (error) {
      if (!(error instanceof ActrError)) this.parts.logger.warn(`Streaming handler of ${route.info.routeKey} (request ${ctx.requestId}) failed`, error);
      const failed = ActrError.from(error);
      failure ??= failed;
      link.fail(failed);
    } finally {
      signal.removeEventListener("abort", onAbort);
      this.parts.running.end(ctx);
      ctx.endSpan(failure);
    }
  }
}

/** The callee's context ends with the call: a failed or cancelled stream fires its signal. */
function calleeEvents(ctx: MessageContext): LinkEvents {
  return { ended: () => undefined, failed: (error) => ctx.abort(error), cancelled: () => undefined };
}

function decodeRequest(info: MethodInfo, payload: Uint8Array): unknown {
  try {
    return info.decodeRequest(payload);
  } catch (cause) {
    throw new DecodeError(`Cannot decode ${info.inputName} for ${info.routeKey}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Sends the caller's requests as the callee grants credit; stops quietly once the call is over. */
async function pump(input: unknown, link: CallLink, toWire: (value: unknown) => unknown): Promise<void> {
  try {
    for await (const value of input as AsyncIterable<unknown> | Iterable<unknown>) {
      const wait = link.send(toWire(value));
      if (wait !== undefined) await wait;
    }
    link.end();
  } catch (error) {
    link.fail(ActrError.from(error));
  }
}

/** The one response of a client stream. */
async function single(responses: AsyncIterable<unknown>, routeKey: string): Promise<unknown> {
  let response: unknown;
  let count = 0;
  for await (const value of responses) {
    if (++count > 1) throw new InternalError(`${routeKey} answered a client stream with more than one response`);
    response = value;
  }
  if (count === 0) throw new InternalError(`${routeKey} ended its client stream without a response`);
  return response;
}
