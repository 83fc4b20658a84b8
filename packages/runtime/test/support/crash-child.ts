// Child process of the crash test: an echo actor on a given mailbox file that appends
// "start <msg>" / "done <msg>" to a side file around each handler run. Its messages come from a
// second actor over an in-memory hub, so they take the durable path of remote messages.
//   send <mailbox> <side> <crashOn>: a client actor sends m1..m5; hangs inside the handler of <crashOn>
//   recover <mailbox> <side>: handles what the mailbox still holds, until SIGTERM
import { appendFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { ActrSystem, Dest, InMemoryHub, consoleLogger } from "@actr/runtime";
import { EchoServiceClient, EchoServiceWorkload } from "../../../../fixtures/echo/expected/echo/echo_service_actor.js";

const [mode, mailboxPath, sideFile, crashOn] = process.argv.slice(2);
if (mailboxPath === undefined || sideFile === undefined) throw new Error("usage: crash-child.ts send|recover <mailbox> <side> [crashOn]");

const workload = new EchoServiceWorkload({
  async echo(request) {
    appendFileSync(sideFile, `start ${request.message}\n`);
    await sleep(5);
    if (request.message === crashOn) {
      process.stdout.write("IN_HANDLER\n");
      await new Promise(() => setInterval(() => undefined, 1000));
    }
    appendFileSync(sideFile, `done ${request.message}\n`);
    return { reply: request.message };
  },
});

const hub = new InMemoryHub();
const signaling = "ws://127.0.0.1:1/signaling/ws";
// Replies to the client of the killed run have nowhere to go; that is expected here.
const system = await ActrSystem.fromConfig({ actrType: "acme+EchoService", mailboxPath, signaling }, { network: hub.starter(), logger: consoleLogger("error") });
const ref = await system.attach(workload).start();
if (mode === "send") {
  const clientSystem = await ActrSystem.fromConfig({ actrType: "acme+EchoClient", mailboxPath: ":memory:", signaling }, { network: hub.starter() });
  const client = await clientSystem.attach({ routeKeys: [], dispatch: async () => new Uint8Array() }).start();
  const echo = new EchoServiceClient(client, Dest.actor(ref.actorId()));
  for (const message of ["m1", "m2", "m3", "m4", "m5"]) echo.echo({ message }).catch(() => undefined);
} else {
  process.stdout.write("READY\n");
}
await ref.waitForCtrlCAndShutdown();
