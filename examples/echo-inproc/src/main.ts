// Runs the generated echo workload in this process, calls it once from the app (the shell)
// through the durable mailbox, prints the reply and shuts down.
import { join } from "node:path";
import { ActrSystem } from "@actr/runtime";
import type { Context } from "@actr/runtime";
import { EchoServiceClient, EchoServiceWorkload } from "../../../fixtures/echo/expected/echo/echo_service_actor.js";
import type { EchoServiceHandler } from "../../../fixtures/echo/expected/echo/echo_service_actor.js";
import type { EchoRequest } from "../../../fixtures/echo/expected/local/echo_pb.js";

class Echo implements EchoServiceHandler {
  async echo(request: EchoRequest, ctx: Context): Promise<{ reply: string }> {
    return { reply: `${ctx.selfId.type?.name ?? "echo"} says: ${request.message}` };
  }
}

const system = await ActrSystem.fromToml(join(import.meta.dirname, "..", "Actr.toml"));
const ref = await system.attach(new EchoServiceWorkload(new Echo())).start();
try {
  const client = new EchoServiceClient(ref);
  const response = await client.echo({ message: process.argv[2] ?? "hello" }, { timeoutMs: 5000 });
  console.log(response.reply);
} finally {
  await ref.shutdown();
}
