import { clone, fromBinary, toBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import {
  RegisterAuthMode,
  RegisterRequestSchema,
  RegisterResponseSchema,
  RenewCredentialRequestSchema,
  RenewCredentialResponseSchema,
  type RegisterOk,
  type RegisterRequest,
  type RenewCredentialRequest,
} from "@actr/protocol";
import { urlForLog } from "../common/url-for-log.js";
import { TransportError, type ActrError } from "../errors/actr-error.js";
import { signalingError } from "./signaling-error.js";
import { signalingUrlSetting } from "../config/load-config.js";

const PROTOBUF = "application/x-protobuf";

/** Header that carries the realm secret of a source-linked registration. */
export const REALM_SECRET_HEADER = "x-actrix-realm-secret";

/** Both answers of /ais: RegisterResponse and RenewCredentialResponse (same field numbers). */
type AisResponseSchema = typeof RegisterResponseSchema | typeof RenewCredentialResponseSchema;

export interface RegisterOptions {
  /** Sent as x-actrix-realm-secret when set; servers that admit source-linked actors check it. */
  readonly realmSecret?: string | undefined;
}

function refusal(url: string, status: number, message: string): ActrError {
  return signalingError(status, `Signaling server at ${url} refused the request (${status}): ${message}`);
}

/** The server's message in a refusal: the error of a protobuf answer, else (e.g. a proxy) the text. */
function refusalMessage(response: Response, body: Uint8Array, schema: AisResponseSchema): string {
  if (response.headers.get("content-type")?.startsWith(PROTOBUF)) {
    try {
      const { result } = fromBinary(schema, body);
      if (result.case === "error") return result.value.message;
    } catch {
      // Not what it claims to be: show it as text below.
    }
  }
  return new TextDecoder().decode(body).trim().slice(0, 200) || response.statusText;
}

/**
 * POSTs a protobuf to an /ais endpoint and reads its answer. A refusal may come as an HTTP error
 * status or, as actrix answers, as HTTP 200 with the error in the protobuf; both become ActrErrors.
 */
async function postProtobuf<I extends DescMessage>(
  url: string,
  inputSchema: I,
  input: MessageShape<I>,
  outputSchema: AisResponseSchema,
  timeoutMs: number,
  headers: Readonly<Record<string, string>> = {},
): Promise<RegisterOk> {
  const shownUrl = urlForLog(url);
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { ...headers, "Content-Type": PROTOBUF, Accept: PROTOBUF },
      body: toBinary(inputSchema, input),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const why = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new TransportError(
      `Cannot reach the signaling server at ${shownUrl}: ${why}. Check ${signalingUrlSetting()} and that the server runs (actr signaling).`,
      { cause: error },
    );
  }
  const body = new Uint8Array(await response.arrayBuffer());
  if (!response.ok) throw refusal(shownUrl, response.status, refusalMessage(response, body, outputSchema));
  let result: MessageShape<AisResponseSchema>["result"];
  try {
    result = fromBinary(outputSchema, body).result;
  } catch (error) {
    throw new TransportError(`Signaling server at ${shownUrl} sent an undecodable ${outputSchema.typeName}`, { cause: error });
  }
  if (result.case === "success") return result.value;
  if (result.case === "error") throw refusal(shownUrl, result.value.code, result.value.message);
  throw new TransportError(`Signaling server at ${shownUrl} sent an empty ${outputSchema.typeName}`);
}

/**
 * `POST {ais}/register`: registers this actor and returns its identity and credential. Actors of
 * this runtime are linked from source, not installed from a signed package: a request without an
 * auth mode registers as LINKED.
 */
export async function register(aisUrl: string, request: RegisterRequest, timeoutMs: number, options: RegisterOptions = {}): Promise<RegisterOk> {
  const url = `${aisUrl}/register`;
  const linked = clone(RegisterRequestSchema, request);
  if (linked.authMode === RegisterAuthMode.UNSPECIFIED) linked.authMode = RegisterAuthMode.LINKED;
  const { realmSecret } = options;
  const headers: Record<string, string> = realmSecret === undefined || realmSecret === "" ? {} : { [REALM_SECRET_HEADER]: realmSecret };
  return postProtobuf(url, RegisterRequestSchema, linked, RegisterResponseSchema, timeoutMs, headers);
}

/** `POST {ais}/renew`: a fresh credential for a registered actor. */
export async function renewCredential(
  aisUrl: string,
  request: RenewCredentialRequest,
  timeoutMs: number,
): Promise<RegisterOk> {
  const url = `${aisUrl}/renew`;
  return postProtobuf(url, RenewCredentialRequestSchema, request, RenewCredentialResponseSchema, timeoutMs);
}
