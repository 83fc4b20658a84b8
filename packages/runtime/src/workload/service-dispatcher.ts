import type { DescMethod } from "@bufbuild/protobuf";
import type { Context } from "../context/context.js";
import { ActrError, DecodeError, InternalError, InvalidArgumentError, UnknownRouteError } from "../errors/actr-error.js";
import { methodInfo } from "./rpc-method.js";
import type { MethodInfo, TsProtoMethod } from "./rpc-method.js";
import type { StreamRoute } from "../streaming/stream-method.js";
import type { StreamKind } from "../streaming/stream-wire.js";
import type { Dispatcher, ExportedService, Workload } from "./workload.js";

/** A service as data: protobuf-es's `GenService` (e.g. `EchoService` of echo_pb.ts), or the ts-proto adapter's. */
export interface ServiceDesc {
  /** Fully-qualified proto name, e.g. "echo.EchoService". */
  readonly typeName: string;
  readonly method: Readonly<Record<string, DescMethod | TsProtoMethod<unknown, unknown>>>;
}

/** Optional lifecycle hooks of a handler. */
export interface LifecycleHooks {
  onStart?(ctx: Context): Promise<void>;
  onStop?(ctx: Context): Promise<void>;
}

type Run = (request: unknown, ctx: Context) => Promise<unknown>;

interface Route {
  readonly info: MethodInfo;
  readonly run: Run;
}

/**
 * Routes each request of a service to the handler member of its method (`echo.EchoService.Echo`
 * -> `handler.echo`): objects in and out for calls within the process, bytes for the others.
 * Generated `<Service>Dispatcher` classes are this, typed by the service's Handler interface.
 */
export class ServiceDispatcher implements Dispatcher {
  readonly routeKeys: readonly string[];
  readonly #routes = new Map<string, Route>();
  readonly #streams = new Map<string, StreamRoute>();
  readonly #typeName: string;

  constructor(service: ServiceDesc, handler: object) {
    this.#typeName = service.typeName;
    for (const method of Object.values(service.method)) {
      const info = methodInfo(method);
      const member: unknown = (handler as Record<string, unknown>)[info.localName];
      if (typeof member !== "function") {
        throw new InvalidArgumentError(`The handler of ${service.typeName} has no method ${info.localName}() for ${info.routeKey}; implement it`);
      }
      const run = (member as Run).bind(handler);
      if (method.kind === "ts-proto" || method.methodKind === "unary") this.#routes.set(info.routeKey, { info, run });
      else this.#streams.set(info.routeKey, streamRoute(method.methodKind, info, run));
    }
    this.routeKeys = [...this.#routes.keys(), ...this.#streams.keys()];
  }

  streamRoute(routeKey: string): StreamRoute | undefined {
    return this.#streams.get(routeKey);
  }

  async handle(routeKey: string, request: unknown, ctx: Context): Promise<unknown> {
    return this.#route(routeKey).run(request, ctx);
  }

  async dispatch(routeKey: string, payload: Uint8Array, ctx: Context): Promise<Uint8Array> {
    const { info, run } = this.#route(routeKey);
    let request: unknown;
    try {
      request = info.decodeRequest(payload);
    } catch (cause) {
      throw new DecodeError(`Cannot decode ${info.inputName} for ${routeKey}: ${describe(cause)}`, { cause });
    }
    const response = await run(request, ctx);
    try {
      return info.encodeResponse(response);
    } catch (cause) {
      if (cause instanceof ActrError) throw cause;
      throw new InternalError(`Handler of ${routeKey} returned a value that is not a valid ${info.outputName}: ${describe(cause)}`, { cause });
    }
  }

  #route(routeKey: string): Route {
    const route = this.#routes.get(routeKey);
    if (route === undefined && this.#streams.has(routeKey)) {
      throw new InvalidArgumentError(`${routeKey} is a streaming method; call it with stream(), not call()`);
    }
    if (route === undefined) throw UnknownRouteError.forRoute(routeKey, this.#typeName, this.routeKeys);
    return route;
  }
}

/** A ServiceDispatcher with the handler's lifecycle hooks and the service's exported protos: what `attach()` takes. */
export class ServiceWorkload extends ServiceDispatcher implements Workload {
  readonly #handler: LifecycleHooks;

  constructor(
    service: ServiceDesc,
    handler: LifecycleHooks,
    readonly spec?: ExportedService,
  ) {
    super(service, handler);
    this.#handler = handler;
  }

  async onStart(ctx: Context): Promise<void> {
    await this.#handler.onStart?.(ctx);
  }

  async onStop(ctx: Context): Promise<void> {
    await this.#handler.onStop?.(ctx);
  }
}

/** A handler method of a streaming rpc as a StreamRoute: whatever its kind, input in, responses out. */
function streamRoute(kind: StreamKind, info: MethodInfo, run: (input: unknown, ctx: Context) => unknown): StreamRoute {
  const responses = (value: unknown): AsyncIterable<unknown> => {
    if (typeof value === "object" && value !== null && Symbol.asyncIterator in value) return value as AsyncIterable<unknown>;
    throw new InternalError(`The handler of ${info.routeKey} returned no AsyncIterable of responses; make it an async generator (async *${info.localName}(...))`);
  };
  const open =
    kind === "client_streaming"
      ? async function* (input: unknown, ctx: Context): AsyncIterable<unknown> {
          yield await run(input, ctx);
        }
      : (input: unknown, ctx: Context): AsyncIterable<unknown> => responses(run(input, ctx));
  return { kind, info, open };
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
