import type { IncomingMessage } from "node:http";
import { create } from "@bufbuild/protobuf";
import {
  aclAllows,
  actrIdToString,
  actrTypeToString,
  RealmSchema,
  RegisterRequestSchema,
  type ActrId,
  type ActrType,
  type ServiceSpec,
} from "@actr/protocol";
import { urlForLog } from "../common/url-for-log.js";
import type { RuntimeConfig } from "../config/runtime-config.js";
import { InvalidArgumentError, TargetNotFoundError, TransportError } from "../errors/actr-error.js";
import type { NetworkSession, NetworkStarter, RouteCandidates } from "../transport/network.js";
import { OutprocTransport } from "../transport/outproc-transport.js";
import { WebSocketConnector } from "../wire/websocket/websocket-connector.js";
import { listenWebSocket, type UpgradeCheck, type WebSocketListener } from "../wire/websocket/websocket-listener.js";
import { ActorIdentity } from "./actor-identity.js";
import { ActorUpSubscriptions } from "./actor-up-subscriptions.js";
import { register } from "./ais-client.js";
import { CredentialRenewal } from "./credential-renewal.js";
import { compatibilityOf } from "./compatibility.js";
import { FingerprintMismatchWarning } from "./fingerprint-mismatch.js";
import { resolveNetworkOptions, type NetworkOptions } from "./network-options.js";
import { PeerCredentials } from "./peer-credentials.js";
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
    // Peers are checked against the keys of the server this actor registered with, then against
    // this actor's ACL, so a type it hides in discovery cannot call it by dialing its address.
    let peerCredentials: PeerCredentials | undefined;
    const authenticate = async (request: IncomingMessage): Promise<UpgradeCheck> => {
      if (peerCredentials === undefined) return { ok: false, message: "actor is not registered yet" };
      const check = await peerCredentials.check(request);
      if (!check.ok) return check;
      if (!aclAllows(config.acl, check.peer, config.realmId)) {
        logger.warn(`Refused a peer connection from ${actrIdToString(check.peer)}: the [acl] of this actor does not allow its type`);
        return { ok: false, status: 403, message: "the ACL of this actor does not allow your actor type" };
      }
      return check;
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
      const registerThis = () => register(signalingConfig.aisUrl, request, settings.requestTimeoutMs, { realmSecret: config.realmSecret });
      identity = new ActorIdentity(await registerThis());
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
      peerCredentials = new PeerCredentials(registered, (keyId) => client.signingKey(keyId), logger);
      const actorUp = new ActorUpSubscriptions(client, logger);
      const webrtc = engine === undefined ? undefined : startWebRtc({ config: config.webrtc, engine, identity: registered, signaling: client, transport, settings });
      const addresses = new WsAddressBook();
      const mismatch = new FingerprintMismatchWarning(logger, (manufacturer) => client.discoverTypes(manufacturer));

      const discover = async (target: ActrType, fingerprint: string, candidateCount?: number): Promise<RouteCandidates> => {
        const found = await client.routeCandidates(target, fingerprint, candidateCount);
        addresses.remember(found.wsAddressMap);
        const compatibility = compatibilityOf(found);
        // Servers that do not compare fingerprints (actrix) leave it to the realm's type list.
        if (compatibility === undefined) await mismatch.check(target, fingerprint, found);
        else if (compatibility.subHealthy) mismatch.subHealthy(target, fingerprint, compatibility);
        if (found.candidates.length === 0) {
          const where = `the signaling server at ${urlForLog(signalingConfig.url)}`;
          throw new TargetNotFoundError(`No actor of type ${actrTypeToString(target)} is online at ${where}`);
        }
        return { candidates: found.candidates, compatibility };
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
        keepalive: settings.keepalive,
        logger,
      });
      transport.addConnector(connector);

      const renewal = new CredentialRenewal({
        aisUrl: signalingConfig.aisUrl,
        identity: registered,
        requestTimeoutMs: settings.requestTimeoutMs,
        retry: settings.reconnect,
        logger,
        register: registerThis,
        // A socket refused for an expired credential need not wait for its next backoff step.
        onRenewed: () => client.reconnectNow(),
      });
      // The server knows the new id only from a socket opened under it.
      registered.onReplaced(() => client.reopen("registered again under a new id"));
      renewal.start();
      client.onCredentialTrouble(() => renewal.renewNow());

      return {
        get actorId() {
          return registered.actorId;
        },
        onActorIdChanged: (listener) => registered.onReplaced(() => listener(registered.actorId)),
        transport,
        signaling: client,
        identity: registered,
        wsAddress: listener?.url,
        discover,
        onActorUp: (type, listener) => actorUp.add(type, listener),
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
