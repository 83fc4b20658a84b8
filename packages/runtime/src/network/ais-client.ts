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
import { TransportError, type ActrError } from "../errors/actr-error.js";
import { signalingError } from "./signaling-error.js";
import { signalingUrlSetting } from "../config/load-config.js";

const PROTOBUF = "application/x-protobuf";

function refusal(url: string, status: number, message: string): ActrError {
  return signalingError(status, `Signaling server at ${url} refused the request (${status}): ${message}`);
}

/** The server's message in a refusal: a RegisterResponse{error} from /ais, else (e.g. a proxy) the text. */
function refusalMessage(response: Response, body: Uint8Array): string {
  if (response.headers.get("content-type")?.startsWith(PROTOBUF)) {
    try {
      const { result } = fromBinary(RegisterResponseSchema, body);
      if (result.case === "error") return result.value.message;
    } catch {
      // Not what it claims to be: show it as text below.
    }
  }
  return new TextDecoder().decode(body).trim().slice(0, 200) || response.statusText;
}

/** POSTs a protobuf to an /ais endpoint; both answer a RegisterResponse. */
async function postProtobuf<I extends DescMessage>(url: string, inputSchema: I, input: MessageShape<I>, timeoutMs: number): Promise<RegisterOk> {
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
      `Cannot reach the signaling server at ${url}: ${why}. Check ${signalingUrlSetting()} and that the server runs (actr signaling).`,
      { cause: error },
    );
  }
  const body = new Uint8Array(await response.arrayBuffer());
  if (!response.ok) throw refusal(url, response.status, refusalMessage(response, body));
  let decoded: RegisterResponse;
  try {
    decoded = fromBinary(RegisterResponseSchema, body);
  } catch (error) {
    throw new TransportError(`Signaling server at ${url} sent an undecodable ${RegisterResponseSchema.typeName}`, { cause: error });
  }
  const { result } = decoded;
  if (result.case === "success") return result.value;
  if (result.case === "error") throw refusal(url, result.value.code, result.value.message);
  throw new TransportError(`Signaling server at ${url} sent an empty RegisterResponse`);
}

/** `POST {ais}/register`: registers this actor and returns its identity and credential. */
export async function register(aisUrl: string, request: RegisterRequest, timeoutMs: number): Promise<RegisterOk> {
  const url = `${aisUrl}/register`;
  return postProtobuf(url, RegisterRequestSchema, request, timeoutMs);
}

/** `POST {ais}/renew`: a fresh credential for a registered actor. */
export async function renewCredential(
  aisUrl: string,
  request: RenewCredentialRequest,
  timeoutMs: number,
): Promise<RegisterOk> {
  const url = `${aisUrl}/renew`;
  return postProtobuf(url, RenewCredentialRequestSchema, request, timeoutMs);
}
