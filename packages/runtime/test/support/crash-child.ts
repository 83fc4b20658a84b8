// Child process of the crash test: an echo actor on a given mailbox file that appends
// "start <msg>" / "done <msg>" to a side file around each handler run.
//   send <mailbox> <side> <crashOn>: sends m1..m5 to itself; hangs inside the handler of <crashOn>
//   recover <mailbox> <side>: handles what the mailbox still holds, until SIGTERM
import { appendFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { ActrSystem } from "@actr/runtime";
import { EchoServiceClient, EchoServiceWorkload } from "../../../../fixtures/echo/expected/echo_service_actor.js";

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

const system = await ActrSystem.fromConfig({ actrType: "acme+EchoService", mailboxPath });
const ref = await system.attach(workload).start();
if (mode === "send") {
  const client = new EchoServiceClient(ref);
  for (const message of ["m1", "m2", "m3", "m4", "m5"]) client.echo({ message }).catch(() => undefined);
} else {
  process.stdout.write("READY\n");
}
await ref.waitForCtrlCAndShutdown();
