import type { IncomingMessage } from "node:http";
import { create } from "@bufbuild/protobuf";
import {
  actrIdToString,
  actrTypeToString,
  RealmSchema,
  RegisterRequestSchema,
  verifyPeerHeaders,
  type ActrId,
  type ActrType,
  type ServiceSpec,
} from "@actr/protocol";
import type { RuntimeConfig } from "../config/runtime-config.js";
import { InvalidArgumentError, TargetNotFoundError, TransportError } from "../errors/actr-error.js";
import type { NetworkSession, NetworkStarter } from "../transport/network.js";
import { OutprocTransport } from "../transport/outproc-transport.js";
import { WebSocketConnector } from "../wire/websocket/websocket-connector.js";
import { listenWebSocket, type UpgradeCheck, type WebSocketListener } from "../wire/websocket/websocket-listener.js";
import { ActorIdentity } from "./actor-identity.js";
import { register } from "./ais-client.js";
import { CredentialRenewal } from "./credential-renewal.js";
import { FingerprintMismatchWarning } from "./fingerprint-mismatch.js";
import { resolveNetworkOptions, type NetworkOptions } from "./network-options.js";
import { SignalingClient } from "./signaling-client.js";
import { startWebRtc } from "./webrtc-network.js";
import { WsAddressBook } from "./ws-address-book.js";
import { loadWebRtcEngine } from "../wire/webrtc-node/load-engine.js";

/** The network of a running actor; what startNetwork resolves to. */
export interface ActorNetwork extends NetworkSession {
  readonly transport: OutprocTransport;
  readonly signaling: SignalingClient;
  /** The id and current credential, renewed in the background. */
  readonly identity: ActorIdentity;
  /** `ws://host:port` of the peer listener, when `[system.websocket] listen_port` is set. */
  readonly wsAddress: string | undefined;
}

/** A NetworkStarter with tuned timers and limits (tests shorten the reconnect backoff). */
export function createNetworkStarter(
  options: NetworkOptions = {},
): (config: RuntimeConfig, spec: ServiceSpec | undefined) => Promise<ActorNetwork> {
  const settings = resolveNetworkOptions(options);
  return async (config, spec) => {
    const signalingConfig = config.signaling;
    if (signalingConfig === undefined) {
      const hint = `add [system.signaling] url = "ws://127.0.0.1:8081/signaling/ws" to Actr.toml in ${config.baseDir}`;
      throw new InvalidArgumentError(`No signaling server configured for ${config.packageName}: ${hint}`);
    }
    const { logger } = settings;
    // Before registering: a missing optional engine is a configuration error, not a half-started actor.
    const engine = config.webrtc.enabled ? await loadWebRtcEngine(config.webrtc.engine) : undefined;
    const transport = new OutprocTransport(logger, { healthCheckMs: settings.healthCheckMs });
    let identity: ActorIdentity | undefined;
    // Peers are checked against the key of the server this actor registered with.
    const authenticate = (request: IncomingMessage): UpgradeCheck => {
      if (identity === undefined) return { ok: false, message: "actor is not registered yet" };
      const check = verifyPeerHeaders(request.headers, identity.signingPublicKey, identity.signingKeyId);
      return check.ok ? { ok: true, peer: check.sourceId } : { ok: false, message: check.message };
    };
    let connector: WebSocketConnector | undefined;
    const listener: WebSocketListener | undefined =
      config.websocketListenPort === undefined
        ? undefined
        : await listenWebSocket({
            host: config.websocketHost,
            port: config.websocketListenPort,
            maxPayload: settings.maxPayloadBytes,
            authenticate,
            onConnection: (socket, peer) => {
              if (connector === undefined) socket.terminate();
              else transport.adopt(connector.wrap(socket, peer));
            },
          });

    let signaling: SignalingClient | undefined;
    try {
      const request = create(RegisterRequestSchema, {
        actrType: config.actrType,
        realm: create(RealmSchema, { realmId: config.realmId }),
        serviceSpec: spec,
        acl: config.acl,
        wsAddress: listener?.url ?? "",
      });
      identity = new ActorIdentity(await register(signalingConfig.aisUrl, request, settings.requestTimeoutMs));
      const registered = identity;
      signaling = await SignalingClient.connect({
        url: signalingConfig.url,
        identity: registered,
        heartbeatIntervalMs: settings.heartbeatIntervalMs ?? Math.max(1, registered.heartbeatIntervalSecs) * 1000,
        requestTimeoutMs: settings.requestTimeoutMs,
        reconnect: settings.reconnect,
        maxPayloadBytes: settings.maxPayloadBytes,
        logger,
      });
      const client = signaling;
      const webrtc = engine === undefined ? undefined : startWebRtc({ config: config.webrtc, engine, identity: registered, signaling: client, transport, settings });
      const addresses = new WsAddressBook();
      const mismatch = new FingerprintMismatchWarning(logger);

      const discover = async (target: ActrType, fingerprint: string): Promise<readonly ActrId[]> => {
        const found = await client.routeCandidates(target, fingerprint);
        addresses.remember(found.wsAddressMap);
        mismatch.check(target, fingerprint, found);
        if (found.candidates.length === 0) {
          const where = `the signaling server at ${signalingConfig.url}`;
          throw new TargetNotFoundError(`No actor of type ${actrTypeToString(target)} is online at ${where}`);
        }
        return found.candidates;
      };
      const resolveAddress = async (target: ActrId): Promise<string> => {
        const known = addresses.lookup(target);
        if (known !== undefined) return known;
        if (target.type !== undefined) await discover(target.type, "").catch(() => undefined);
        const found = addresses.lookup(target);
        if (found !== undefined) return found;
        throw new TransportError(
          `No WebSocket address for ${actrIdToString(target)}: it is not online or has no [system.websocket] listen_port`,
        );
      };
      connector = new WebSocketConnector({
        resolveAddress,
        identityHeaders: () => registered.peerHeaders(),
        onFrame: (sender, payloadType, data) => transport.deliver(sender, payloadType, data, "websocket"),
        maxPayload: settings.maxPayloadBytes,
        highWaterMark: settings.highWaterMarkBytes,
        dialTimeoutMs: settings.dialTimeoutMs,
        logger,
      });
      transport.addConnector(connector);

      const renewal = new CredentialRenewal({
        aisUrl: signalingConfig.aisUrl,
        identity: registered,
        requestTimeoutMs: settings.requestTimeoutMs,
        retry: settings.reconnect,
        logger,
      });
      renewal.start();

      return {
        actorId: registered.actorId,
        transport,
        signaling: client,
        identity: registered,
        wsAddress: listener?.url,
        discover,
        close: async () => {
          renewal.stop();
          webrtc?.close();
          await client.close();
          await transport.close();
          await listener?.close();
        },
      };
    } catch (error) {
      await signaling?.close();
      await transport.close();
      await listener?.close();
      throw error;
    }
  };
}

/** Starts an actor's network with the default timers (NetworkStarter of the runtime). */
export const startNetwork: NetworkStarter = createNetworkStarter();
