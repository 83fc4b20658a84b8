import { once } from "node:events";
import { create, fromBinary, toBinary, type MessageInitShape } from "@bufbuild/protobuf";
import WebSocket, { type ClientOptions } from "ws";
import {
  ActrToSignalingSchema,
  ActrTypeSchema,
  RealmSchema,
  RegisterRequestSchema,
  RegisterResponseSchema,
  SIGNALING_ENVELOPE_VERSION,
  SignalingEnvelopeSchema,
  signalingWsUrl,
  type ActrToSignaling,
  type RegisterOk,
  type RegisterResponse,
  type SignalingEnvelope,
} from "@actr/protocol";
import { silentLogger, startSignalingServer, type SignalingServer, type SignalingServerOptions } from "@actr/signaling";

export function startQuietServer(options: SignalingServerOptions = {}): Promise<SignalingServer> {
  return startSignalingServer({ port: 0, logger: silentLogger, ...options });
}

export async function postProtobuf(
  url: string,
  body: Uint8Array | string,
  contentType = "application/x-protobuf",
): Promise<{ status: number; response: RegisterResponse }> {
  const reply = await fetch(url, { method: "POST", body, headers: { "Content-Type": contentType } });
  const bytes = new Uint8Array(await reply.arrayBuffer());
  return { status: reply.status, response: fromBinary(RegisterResponseSchema, bytes) };
}

export interface ActorSpec {
  manufacturer?: string;
  name: string;
  version?: string;
  realm?: number;
  serviceSpec?: MessageInitShape<typeof RegisterRequestSchema>["serviceSpec"];
  acl?: MessageInitShape<typeof RegisterRequestSchema>["acl"];
  wsAddress?: string;
}

export async function register(server: Pick<SignalingServer, "aisUrl">, spec: ActorSpec): Promise<RegisterOk> {
  const request = create(RegisterRequestSchema, {
    actrType: create(ActrTypeSchema, { manufacturer: spec.manufacturer ?? "acme", name: spec.name, version: spec.version ?? "" }),
    realm: create(RealmSchema, { realmId: spec.realm ?? 1 }),
    serviceSpec: spec.serviceSpec,
    acl: spec.acl,
    wsAddress: spec.wsAddress,
  });
  const { status, response } = await postProtobuf(`${server.aisUrl}/register`, toBinary(RegisterRequestSchema, request));
  if (status !== 200 || response.result.case !== "success") throw new Error(`register failed with ${status}`);
  return response.result.value;
}

let nextEnvelopeId = 0;

/** A real ws client speaking SignalingEnvelopes, with a queue of what it received. */
export class TestActor {
  private readonly inbox: SignalingEnvelope[] = [];
  private readonly waiters: Array<() => void> = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(
    readonly socket: WebSocket,
    readonly ok: RegisterOk,
  ) {
    socket.on("message", (data: Buffer) => {
      this.inbox.push(fromBinary(SignalingEnvelopeSchema, data));
      this.waiters.splice(0).forEach((wake) => wake());
    });
    this.closed = once(socket, "close").then(([code, reason]) => ({ code: code as number, reason: String(reason) }));
  }

  /**
   * Connects with the credential of `ok`; `query` adds parameters such as `webrtc_role=answer`, and
   * `options` tune the socket (e.g. `autoPong: false` for an actor that stopped answering).
   */
  static async connect(server: Pick<SignalingServer, "wsUrl">, ok: RegisterOk, query = "", options: ClientOptions = {}): Promise<TestActor> {
    if (ok.actrId === undefined || ok.credential === undefined) throw new Error("incomplete RegisterOk");
    const socket = new WebSocket(`${signalingWsUrl(server.wsUrl, ok.actrId, ok.credential)}${query === "" ? "" : `&${query}`}`, options);
    await once(socket, "open");
    return new TestActor(socket, ok);
  }

  get id() {
    return this.ok.actrId!;
  }

  sendEnvelope(flow: SignalingEnvelope["flow"], overrides: { envelopeVersion?: number } = {}): string {
    const envelopeId = `e${++nextEnvelopeId}`;
    const envelope = create(SignalingEnvelopeSchema, { envelopeVersion: overrides.envelopeVersion ?? SIGNALING_ENVELOPE_VERSION, envelopeId, flow });
    this.socket.send(toBinary(SignalingEnvelopeSchema, envelope));
    return envelopeId;
  }

  /** Sends an ActrToSignaling from this actor with its own credential unless overridden. */
  request(payload: ActrToSignaling["payload"], overrides: Partial<Pick<ActrToSignaling, "source" | "credential">> = {}): string {
    const value = create(ActrToSignalingSchema, {
      source: overrides.source ?? this.ok.actrId,
      credential: overrides.credential ?? this.ok.credential,
      payload,
    });
    return this.sendEnvelope({ case: "actrToServer", value });
  }

  /** The next received envelope matching `predicate` (default: the first one), waiting up to 5 s. */
  async next(predicate: (envelope: SignalingEnvelope) => boolean = () => true): Promise<SignalingEnvelope> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const index = this.inbox.findIndex(predicate);
      if (index >= 0) return this.inbox.splice(index, 1)[0]!;
      if (Date.now() > deadline) throw new Error("no matching envelope within 5 s");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  reply(envelopeId: string): Promise<SignalingEnvelope> {
    return this.next((envelope) => envelope.replyFor === envelopeId);
  }

  received(): readonly SignalingEnvelope[] {
    return this.inbox;
  }

  async close(): Promise<void> {
    if (this.socket.readyState !== WebSocket.CLOSED) {
      this.socket.close();
      await this.closed;
    }
  }
}

/** Tries a WebSocket upgrade to `url`; resolves to the HTTP status of the refusal or 101. */
export async function upgradeStatus(url: string): Promise<number> {
  const socket = new WebSocket(url);
  return new Promise((resolve) => {
    socket.on("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
      socket.terminate();
    });
    socket.on("open", () => {
      resolve(101);
      socket.close();
    });
    socket.on("error", () => resolve(-1));
  });
}
