import { ActrError, DecodeError, InternalError } from "../errors/actr-error.js";
import type { MethodDescriptor } from "./method-descriptor.js";

/** Decode, call, encode: the body of each case of a generated dispatcher. */
export async function handleUnary<Req, Res, ReqInit, ResInit>(
  method: MethodDescriptor<Req, Res, ReqInit, ResInit>,
  payload: Uint8Array,
  handler: (request: Req) => Promise<Res | ResInit>,
): Promise<Uint8Array> {
  let request: Req;
  try {
    request = method.input.decode(payload);
  } catch (cause) {
    throw new DecodeError(
      `Cannot decode ${method.input.typeName} for ${method.routeKey}: ${describe(cause)}`,
      { cause },
    );
  }
  const response = await handler(request);
  try {
    return method.output.encode(response);
  } catch (cause) {
    if (cause instanceof ActrError) throw cause;
    throw new InternalError(
      `Handler of ${method.routeKey} returned a value that is not a valid ${method.output.typeName}: ${describe(cause)}`,
      { cause },
    );
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
