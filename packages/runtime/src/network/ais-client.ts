import { fromBinary, toBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import {
  RegisterRequestSchema,
  RegisterResponseSchema,
  RenewCredentialRequestSchema,
  type RegisterOk,
  type RegisterRequest,
  type RegisterResponse,
  type RenewCredentialRequest,
} from "@actr/protocol";
import { ActrError, PermissionDeniedError, TransportError } from "../errors/actr-error.js";
import { ErrorCode } from "../errors/error-code.js";

const PROTOBUF = "application/x-protobuf";

async function postProtobuf<I extends DescMessage, O extends DescMessage>(
  url: string,
  inputSchema: I,
  input: MessageShape<I>,
  outputSchema: O,
  timeoutMs: number,
): Promise<MessageShape<O>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": PROTOBUF, Accept: PROTOBUF },
      body: toBinary(inputSchema, input),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const why = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new TransportError(
      `Cannot reach the signaling server at ${url}: ${why}. Check [system.signaling] url and that the server runs (actr signaling).`,
      { cause: error },
    );
  }
  const body = new Uint8Array(await response.arrayBuffer());
  if (!response.ok) {
    const text = new TextDecoder().decode(body).trim().slice(0, 200);
    throw responseError(url, response.status, text || response.statusText);
  }
  try {
    return fromBinary(outputSchema, body);
  } catch (error) {
    throw new TransportError(`Signaling server at ${url} sent an undecodable ${outputSchema.typeName}`, { cause: error });
  }
}

function responseError(url: string, status: number, message: string): ActrError {
  const text = `Signaling server at ${url} refused the request (${status}): ${message}`;
  if (status === 401 || status === 403) return new PermissionDeniedError(text);
  if (status === 400) return new ActrError(ErrorCode.InvalidArgument, text);
  return new TransportError(text);
}

function registerOk(url: string, response: RegisterResponse): RegisterOk {
  const { result } = response;
  if (result.case === "success") return result.value;
  if (result.case === "error") throw responseError(url, result.value.code, result.value.message);
  throw new TransportError(`Signaling server at ${url} sent an empty RegisterResponse`);
}

/** `POST {ais}/register`: registers this actor and returns its identity and credential. */
export async function register(aisUrl: string, request: RegisterRequest, timeoutMs: number): Promise<RegisterOk> {
  const url = `${aisUrl}/register`;
  return registerOk(url, await postProtobuf(url, RegisterRequestSchema, request, RegisterResponseSchema, timeoutMs));
}

/** `POST {ais}/renew`: a fresh credential for a registered actor. */
export async function renewCredential(
  aisUrl: string,
  request: RenewCredentialRequest,
  timeoutMs: number,
): Promise<RegisterOk> {
  const url = `${aisUrl}/renew`;
  return registerOk(url, await postProtobuf(url, RenewCredentialRequestSchema, request, RegisterResponseSchema, timeoutMs));
}
