// The second actor of the pack test: what a user writes to call my-echo from another project.

/** Appended to the caller's Actr.toml: the actor it calls, as `actr install` expects it. */
export const CALLER_DEPENDENCY = `[dependencies]
my-echo = { actr_type = "acme+MyEcho" }
`;

/** call.ts of the caller: discovers my-echo through signaling, calls Echo once, prints the reply. */
export const CALLER_MAIN = `import { join } from "node:path";
import { actrIdToString } from "@actr/protocol";
import { ActrSystem, Dest, NoServiceWorkload } from "@actr/runtime";
import { EchoServiceClient, EchoServiceDependency } from "./generated/remote/my-echo/my_echo_client.js";

const system = await ActrSystem.fromToml(join(import.meta.dirname, "Actr.toml"));
const ref = await system.attach(new NoServiceWorkload("my-caller")).start();
try {
  const server = await ref.discover(EchoServiceDependency.actrType);
  console.log(\`found \${actrIdToString(server)}\`);
  const response = await new EchoServiceClient(ref, Dest.actor(server)).echo({ message: process.argv[2] ?? "hi" }, { timeoutMs: 10_000 });
  console.log(\`reply: \${response.reply}\`);
} finally {
  await ref.shutdown();
}
`;
