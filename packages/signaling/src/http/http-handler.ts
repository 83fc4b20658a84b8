import type { IncomingMessage, ServerResponse } from "node:http";
import type { ServerContext } from "../server-context.js";
import { handleCors } from "./cors.js";
import { Status } from "../status.js";
import { HandlerError, statusOf, type ProtobufHandler } from "./protobuf-handler.js";
import { PROTOBUF_CONTENT_TYPE, sendRegisterError, sendRegisterOk } from "./protobuf-reply.js";
import { readBody } from "./read-body.js";
import { registerHandler } from "./register-handler.js";
import { renewHandler } from "./renew-handler.js";
import { badTargetMessage, requestUrl } from "./request-url.js";

const routes: Readonly<Record<string, ProtobufHandler>> = {
  "/ais/register": registerHandler,
  "/ais/renew": renewHandler,
};

function sendText(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", ...headers });
  response.end(`${text}\n`);
}

async function serve(context: ServerContext, handler: ProtobufHandler, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const contentType = request.headers["content-type"];
  if (contentType !== undefined && contentType.split(";")[0]?.trim() !== PROTOBUF_CONTENT_TYPE) {
    throw new HandlerError(Status.UnsupportedMediaType, `Content-Type must be ${PROTOBUF_CONTENT_TYPE}, got ${contentType}`);
  }
  const body = await readBody(request, context.options.maxBodyBytes);
  sendRegisterOk(response, handler(context, body));
}

/** The HTTP side of the server: the /ais endpoints; anything else is 404 / 405. */
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
    const handler = routes[path];
    if (handler === undefined) {
      sendText(response, 404, `No endpoint ${path}; use POST /ais/register, POST /ais/renew or WebSocket /signaling/ws`);
      return;
    }
    if (handleCors(request, response)) return;
    if (request.method !== "POST") {
      sendText(response, 405, `${path} accepts POST only`, { Allow: "POST" });
      return;
    }
    serve(context, handler, request, response).catch((error: unknown) => {
      const status = statusOf(error);
      const message = error instanceof Error ? error.message : String(error);
      if (status === Status.Internal) logger.error(`${path} failed: ${error instanceof Error ? error.stack : message}`);
      else logger.warn(`${path} refused (${status}): ${message}`);
      if (!response.headersSent) sendRegisterError(response, status, status === Status.Internal ? "Internal error" : message);
      // An oversized body is not drained; close so the client stops sending.
      if (status === Status.PayloadTooLarge) response.once("finish", () => request.destroy());
    });
  };
}
