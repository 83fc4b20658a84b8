import type { IncomingMessage } from "node:http";
import { Status } from "../status.js";
import { HandlerError } from "./protobuf-handler.js";

/** Reads the whole body, refusing more than `limit` bytes without buffering the excess. */
export function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers["content-length"] ?? 0);
    if (declared > limit) {
      reject(new HandlerError(Status.PayloadTooLarge, `Request body of ${declared} bytes exceeds the limit of ${limit}`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HandlerError(Status.PayloadTooLarge, `Request body exceeds the limit of ${limit} bytes`));
        request.pause();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    request.on("error", (error) => reject(new HandlerError(Status.BadRequest, `Cannot read request body: ${error.message}`)));
  });
}
