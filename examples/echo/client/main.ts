// The echo client actor: node --conditions=source --import tsx client/main.ts [message...]
// It serves nothing itself; it discovers the echo server through signaling and calls it.
import { join } from "node:path";
import { actrIdToString } from "@actr/protocol";
import { ActrError, ActrSystem, Dest, NoServiceWorkload } from "@actr/runtime";
import { EchoServiceClient, EchoServiceDependency } from "./generated/remote/echo-server/echo_client.js";

const messages = process.argv.length > 2 ? process.argv.slice(2) : ["hello", "world"];
const system = await ActrSystem.fromToml(join(import.meta.dirname, "Actr.toml"));
const ref = await system.attach(new NoServiceWorkload("echo-client")).start();
try {
  const server = await ref.discover(EchoServiceDependency.actrType);
  console.log(`client found ${actrIdToString(server)}`);
  const echo = new EchoServiceClient(ref, Dest.actor(server));
  for (const message of messages) {
    try {
      const response = await echo.echo({ message }, { timeoutMs: 5000 });
      console.log(`client got: ${response.reply}`);
    } catch (error) {
      if (!(error instanceof ActrError)) throw error;
      console.log(`client got ${error.name} (code ${error.code}): ${error.message}`);
    }
  }
} finally {
  await ref.shutdown();
}
