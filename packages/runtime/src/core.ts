// The runtime core: what a browser can load (no node:* module, no native package). Its outside
// world comes in through interfaces (Mailbox, NetworkStarter / PeerTransport, WireConnector);
// "@actr/runtime" adds the Node parts (SQLite mailbox, WebSocket network, Actr.toml files).
export { ActrSystem } from "./lifecycle/actr-system.js";
export type { ActorParts } from "./lifecycle/actr-system.js";
export type { Mailbox } from "./mailbox/mailbox.js";
export type { InboxMessage, ClaimedMessage, StoredResult, DeadLetter, DeadLetterRecord } from "./mailbox/inbox-message.js";
export type { Wire, WireConnector, WireKind } from "./transport/wire.js";
export type { Lane } from "./transport/lane.js";
export type * from "./wire/webrtc/rtc-api.js";
export { WebRtcConnector } from "./wire/webrtc/webrtc-connector.js";
export type { WebRtcConnectorOptions } from "./wire/webrtc/webrtc-connector.js";
export type { RelayPort } from "./wire/webrtc/relay-port.js";
export type { ActrNode } from "./lifecycle/actr-node.js";
export type { ActrRef } from "./lifecycle/actr-ref.js";
export { DEFAULT_SHUTDOWN_GRACE_MS } from "./lifecycle/shutdown-options.js";
export type { ShutdownOptions } from "./lifecycle/shutdown-options.js";
export type { RuntimeConfig, DependencyConfig, SignalingConfig, WebRtcConfig, WebRtcEngineName } from "./config/runtime-config.js";
export { WEBRTC_ENGINES } from "./config/runtime-config.js";
export type { RuntimeConfigInit } from "./config/resolve-config.js";
export { ConfigError } from "./config/config-error.js";
export type { LockFile, LockedDependency, LockedFile } from "./config/lock-file.js";
export type { CompatLock, CompatStore, Negotiation } from "./config/compat-lock.js";
export type { Compatibility, RouteCandidates } from "./transport/network.js";

export { Dest } from "./common/dest.js";
export { PayloadType } from "./common/payload-type.js";
export { consoleLogger, silentLogger } from "./common/logger.js";
export type { Logger, LogLevel } from "./common/logger.js";

export type { Caller } from "./context/caller.js";
export type { ActorUpCallback, Context, StreamCallback } from "./context/context.js";
export type { MediaCodec, MediaKind } from "./media/media-codec.js";
export type { MediaSample, ReceivedMediaSample, MediaTrackCallback } from "./media/media-sample.js";
export { DEFAULT_CALL_TIMEOUT_MS } from "./context/call-options.js";
export type { CallOptions, StreamOptions, TellOptions } from "./context/call-options.js";

export { ServiceDispatcher, ServiceWorkload } from "./workload/service-dispatcher.js";
export type { LifecycleHooks, ServiceDesc } from "./workload/service-dispatcher.js";
export { tsProtoMethod } from "./workload/ts-proto-method.js";
export type { RequestOf, ResponseOf, RpcMethod, TsProtoMessageFns, TsProtoMethod } from "./workload/rpc-method.js";
export type { StreamInput, StreamMethod, StreamOutput, StreamRequests, StreamRoute } from "./streaming/stream-method.js";
export type { Dispatcher, Workload, ExportedProto, ExportedService } from "./workload/workload.js";
export { NoServiceWorkload } from "./workload/no-service-workload.js";
export type { ClientHooks } from "./workload/no-service-workload.js";

export { ErrorCode, isRetryable } from "./errors/error-code.js";
export {
  ActrError,
  DecodeError,
  DependencyNotFoundError,
  GateNotInitializedError,
  InternalError,
  InvalidArgumentError,
  NotImplementedError,
  PermissionDeniedError,
  TargetNotFoundError,
  TimeoutError,
  TransportError,
  UnknownRouteError,
} from "./errors/actr-error.js";

export type { CallTracer, RpcSpan, RpcSpanInfo } from "./tracing/call-tracer.js";
export { SPAN_ATTRIBUTES } from "./tracing/call-tracer.js";
export type { TraceContext } from "./tracing/trace-context.js";
export { InMemoryHub } from "./transport/in-memory-hub.js";
export type { NetworkSession, NetworkStarter } from "./transport/network.js";
export type { PeerTransport, InboundSink } from "./transport/peer-transport.js";
