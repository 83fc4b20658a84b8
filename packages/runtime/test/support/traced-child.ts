// Child process of the tracing test: an echo actor with OpenTelemetry's in-memory exporter. It
// prints "READY <actrIdToString> <serial>" once registered, and on SIGTERM shuts
// down and prints "SPANS <json>" with the spans it recorded.
//   traced-child.ts <signaling ws url> <dir>
import { actrIdToString } from "@actr/protocol";
import { ActrSystem, consoleLogger } from "@actr/runtime";
import { EchoServiceWorkload } from "../../../../fixtures/echo/expected/echo/echo_service_actor.js";
import { recordSpans } from "./otel-memory.js";

const [signaling, dir] = process.argv.slice(2);
if (signaling === undefined || dir === undefined) throw new Error("usage: traced-child.ts <signaling url> <dir>");
const spans = recordSpans();
const system = await ActrSystem.fromConfig(
  { actrType: "acme+TracedEcho", baseDir: dir, realmId: 1, signaling, websocketListenPort: 0 },
  { logger: consoleLogger("error") },
);
const ref = await system.attach(new EchoServiceWorkload({ echo: async (req, ctx) => ({ reply: `${req.message} in ${ctx.traceId}` }) })).start();
const id = ref.actorId();
process.stdout.write(`READY ${actrIdToString(id)} ${id.serialNumber}\n`);
await ref.waitForCtrlCAndShutdown();
process.stdout.write(`SPANS ${JSON.stringify(spans.finished())}\n`);
