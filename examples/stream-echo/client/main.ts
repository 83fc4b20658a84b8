// The stream-echo client actor: node --conditions=source --import tsx client/main.ts [--actr-toml <path>] <stream_id> <message_count>
import { ActrSystem, createNetworkStarter, type ActorNetwork, type WireKind } from "@actr/runtime";
import type { DataStream } from "@actr/protocol";
import { LocalStreamServiceClient, LocalStreamServiceWorkload } from "./generated/stream_client/local_stream_service_actor.js";
import { LocalStreamServiceImpl } from "./local_stream_service.js";
import { actrTomlArg } from "../actr-toml-arg.js";

const { actrToml, rest } = actrTomlArg(process.argv.slice(2), import.meta.dirname);
const [streamId = "my-stream", countText = "5"] = rest;
const messageCount = Number(countText);
if (!Number.isInteger(messageCount) || messageCount < 1) {
  console.error(`message_count must be a positive integer, got "${countText}". Usage: client/main.ts [--actr-toml <path>] <stream_id> <message_count>`);
  process.exit(2);
}

const decoder = new TextDecoder();
let received = 0;
let allReceived: () => void = () => undefined;
const done = new Promise<void>((resolve) => (allReceived = resolve));
const onChunk = (chunk: DataStream): void => {
  console.log(`client received #${chunk.sequence}: ${decoder.decode(chunk.payload)}`);
  if (++received === messageCount) allReceived();
};

// The network is kept to tell which kind of wire carried the server's messages.
const starter = createNetworkStarter();
let network: ActorNetwork | undefined;
const system = await ActrSystem.fromToml(actrToml, {
  network: async (config, spec) => (network = await starter(config, spec)),
});
const ref = await system.attach(new LocalStreamServiceWorkload(new LocalStreamServiceImpl(onChunk))).start();
try {
  const response = await new LocalStreamServiceClient(ref).startStream({ streamId, messageCount }, { timeoutMs: 15_000 });
  console.log(`client: ${response.message}`);
  if (!response.success) process.exitCode = 1;
  else await done;
  console.log(`client: received ${received} of ${messageCount} messages on stream ${streamId}`);
  const kinds: readonly WireKind[] = ["webrtc", "websocket"];
  console.log(`client: wire: ${kinds.filter((kind) => (network?.transport.delivered(kind) ?? 0) > 0).join(", ")}`);
} finally {
  await ref.shutdown();
}
