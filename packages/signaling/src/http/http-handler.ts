import type { IncomingMessage, ServerResponse } from "node:http";
import { RegisterResponseSchema, RenewCredentialResponseSchema } from "@actr/protocol";
import type { ServerContext } from "../server-context.js";
import { handleCors } from "./cors.js";
import { Status } from "../status.js";
import { HandlerError, statusOf, type ProtobufHandler } from "./protobuf-handler.js";
import { PROTOBUF_CONTENT_TYPE, sendError, sendOk, type AisAnswer } from "./protobuf-reply.js";
import { readBody } from "./read-body.js";
import { registerHandler } from "./register-handler.js";
import { renewHandler } from "./renew-handler.js";
import { badTargetMessage, requestUrl } from "./request-url.js";

interface Route {
  readonly handler: ProtobufHandler;
  readonly answer: AisAnswer;
  /** Counted against the client address's registration budget before the body is read. */
  readonly rateLimited: boolean;
}

const routes: Readonly<Record<string, Route>> = {
  "/ais/register": { handler: registerHandler, answer: RegisterResponseSchema, rateLimited: true },
  "/ais/renew": { handler: renewHandler, answer: RenewCredentialResponseSchema, rateLimited: false },
};

const HEALTH_PATHS: Readonly<Record<string, string>> = { "/signaling/health": "signaling", "/ais/health": "ais" };

function sendText(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", ...headers });
  response.end(`${text}\n`);
}

function checkRate(context: ServerContext, request: IncomingMessage): void {
  const address = request.socket.remoteAddress ?? "unknown";
  const waitSec = context.registerLimiter.take(address);
  if (waitSec > 0) {
    throw new HandlerError(Status.TooManyRequests, `Too many registrations from ${address}; retry in ${waitSec} s`, {
      "Retry-After": String(waitSec),
    });
  }
}

async function serve(context: ServerContext, route: Route, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (route.rateLimited) checkRate(context, request);
  const contentType = request.headers["content-type"];
  if (contentType !== undefined && contentType.split(";")[0]?.trim() !== PROTOBUF_CONTENT_TYPE) {
    throw new HandlerError(Status.UnsupportedMediaType, `Content-Type must be ${PROTOBUF_CONTENT_TYPE}, got ${contentType}`);
  }
  const body = await readBody(request, context.options.maxBodyBytes);
  sendOk(response, route.answer, await context.heavyWork.run(() => route.handler(context, body, request)));
}

/** The HTTP side of the server: the /ais endpoints and health; anything else is 404 / 405. */
export function createHttpHandler(context: ServerContext): (request: IncomingMessage, response: ServerResponse) => void {
  const { logger } = context.options;
  return (request, response) => {
    const url = requestUrl(request);
    if (url === undefined) {
      logger.warn(`refused HTTP request: ${badTargetMessage(request)}`);
      sendText(response, 400, badTargetMessage(request));
      return;
    }
    const path = url.pathname;
    const service = HEALTH_PATHS[path];
    if (service !== undefined) {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.end(JSON.stringify({ service, status: "healthy", actors: context.registry.size }));
      return;
    }
    const route = routes[path];
    if (route === undefined) {
      sendText(response, 404, `No endpoint ${path}; use POST /ais/register, POST /ais/renew or WebSocket /signaling/ws`);
      return;
    }
    if (handleCors(request, response)) return;
    if (request.method !== "POST") {
      sendText(response, 405, `${path} accepts POST only`, { Allow: "POST" });
      return;
    }
    serve(context, route, request, response).catch((error: unknown) => {
      const status = statusOf(error);
      const message = error instanceof Error ? error.message : String(error);
      if (status === Status.Internal) logger.error(`${path} failed: ${error instanceof Error ? error.stack : message}`);
      else logger.warn(`${path} refused (${status}): ${message}`);
      const headers = error instanceof HandlerError ? error.headers : {};
      if (!response.headersSent) sendError(response, route.answer, status, status === Status.Internal ? "Internal error" : message, headers);
      // An oversized body is not drained; close so the client stops sending.
      if (status === Status.PayloadTooLarge) response.once("finish", () => request.destroy());
    });
  };
}
