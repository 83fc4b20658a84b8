// Child process of the keepalive test, a peer the test can freeze with SIGSTOP:
//   <signaling url>: serves Echo over the peer WebSocket only (a "hold" call never returns); prints "READY <actor id>"
import { actrIdToString } from "@actr/protocol";
import { ActrSystem, silentLogger } from "@actr/runtime";
import { EchoServiceWorkload } from "../../../../fixtures/echo/expected/echo/echo_service_actor.js";

const [signaling] = process.argv.slice(2);
if (signaling === undefined) throw new Error("usage: echo-child.ts <signaling url>");
const workload = new EchoServiceWorkload({
  async echo(request) {
    if (request.message === "hold") await new Promise(() => undefined);
    return { reply: request.message };
  },
});
const system = await ActrSystem.fromConfig(
  { actrType: "acme+EchoService", realmId: 1, signaling, mailboxPath: ":memory:", websocketListenPort: 0, webrtc: { enabled: false } },
  { logger: silentLogger },
);
const ref = await system.attach(workload).start();
process.stdout.write(`READY ${actrIdToString(ref.actorId())}\n`);
await ref.waitForCtrlCAndShutdown();
