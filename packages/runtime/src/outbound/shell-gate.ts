import type { Logger } from "../common/logger.js";
import type { CallLineage } from "../context/call-lineage.js";
import type { Context } from "../context/context.js";
import type { MessageContext } from "../context/message-context.js";
import { GateNotInitializedError, TimeoutError } from "../errors/actr-error.js";
import { errorFromReply, toErrorReply } from "../errors/error-response.js";
import type { Dispatcher } from "../workload/workload.js";
import type { PendingRequests } from "./pending-requests.js";

/**
 * The inproc gate from the workload to the app that hosts it (Dest.shell()). The app serves these
 * calls with `ref.serveShell(dispatcher)`; they run in the app, outside the serial State Path, so a
 * handler may await a shell call without blocking its own mailbox.
 */
export class ShellGate {
  #dispatcher: Dispatcher | undefined;

  constructor(
    private readonly pending: PendingRequests,
    private readonly contextFor: (requestId: string, timeoutMs: number | undefined, lineage: CallLineage | undefined) => MessageContext,
    private readonly logger: Logger,
  ) {}

  serve(dispatcher: Dispatcher | undefined): void {
    this.#dispatcher = dispatcher;
  }

  /** Whether the app's dispatcher takes message objects, so typed calls skip encoding. */
  get takesObjects(): boolean {
    return this.#dispatcher?.handle !== undefined;
  }

  /** `payload` for raw calls, `request` (the message object) for typed ones. */
  request<T>(routeKey: string, payload: Uint8Array | undefined, request: unknown, timeoutMs: number, signal?: AbortSignal, lineage?: CallLineage): Promise<T> {
    const dispatcher = this.#require(routeKey);
    const requestId = crypto.randomUUID();
    const ctx = this.contextFor(requestId, timeoutMs, lineage);
    const reply = this.pending.wait<T>(requestId, routeKey, timeoutMs, signal, () =>
      ctx.abort(new TimeoutError(`The workload cancelled its call ${routeKey} (request ${requestId})`)),
    );
    this.#run(dispatcher, routeKey, payload, request, ctx)
      .then(
        (response) => this.pending.resolve(requestId, response),
        (error: unknown) => this.pending.reject(requestId, errorFromReply(toErrorReply(error))),
      )
      .finally(() => ctx.finish());
    return reply;
  }

  tell(routeKey: string, payload: Uint8Array | undefined, request: unknown, lineage?: CallLineage): void {
    const dispatcher = this.#require(routeKey);
    this.#run(dispatcher, routeKey, payload, request, this.contextFor(crypto.randomUUID(), undefined, lineage)).catch((error: unknown) => {
      this.logger.warn(`Shell handler of tell ${routeKey} failed`, error);
    });
  }

  async #run(dispatcher: Dispatcher, routeKey: string, payload: Uint8Array | undefined, request: unknown, ctx: Context): Promise<unknown> {
    return payload === undefined && dispatcher.handle !== undefined ? dispatcher.handle(routeKey, request, ctx) : dispatcher.dispatch(routeKey, payload ?? new Uint8Array(), ctx);
  }

  #require(routeKey: string): Dispatcher {
    if (this.#dispatcher === undefined) {
      throw new GateNotInitializedError(`No shell handler for ${routeKey}: the app must call ref.serveShell(dispatcher) before its workload calls Dest.shell()`);
    }
    return this.#dispatcher;
  }
}
