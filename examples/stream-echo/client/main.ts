// The stream-echo client actor: node --conditions=source --import tsx client/main.ts <stream_id> <message_count>
import { join } from "node:path";
import { ActrSystem } from "@actr/runtime";
import type { DataStream } from "@actr/protocol";
import { LocalStreamServiceClient, LocalStreamServiceWorkload } from "./generated/stream_client/local_stream_service_actor.js";
import { LocalStreamServiceImpl } from "./local_stream_service.js";

const [streamId = "my-stream", countText = "5"] = process.argv.slice(2);
const messageCount = Number(countText);
if (!Number.isInteger(messageCount) || messageCount < 1) {
  console.error(`message_count must be a positive integer, got "${countText}". Usage: client/main.ts <stream_id> <message_count>`);
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

const system = await ActrSystem.fromToml(join(import.meta.dirname, "Actr.toml"));
const ref = await system.attach(new LocalStreamServiceWorkload(new LocalStreamServiceImpl(onChunk))).start();
try {
  const response = await new LocalStreamServiceClient(ref).startStream({ streamId, messageCount }, { timeoutMs: 15_000 });
  console.log(`client: ${response.message}`);
  if (!response.success) process.exitCode = 1;
  else await done;
  console.log(`client: received ${received} of ${messageCount} messages on stream ${streamId}`);
} finally {
  await ref.shutdown();
}
