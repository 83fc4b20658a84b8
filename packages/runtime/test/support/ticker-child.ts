// Child process of the streaming crash tests, over the real signaling server and one peer wire:
//   serve <wire> <signaling url>: serves the Ticker fixture; prints "READY <actor id>"
//   call <wire> <signaling url> <actor id>: reads an endless server stream of that actor; prints "TICK <n>" per response
// <wire> is "websocket" or "webrtc" (node-datachannel on 127.0.0.1, no WebSocket).
import { parseActrId, actrIdToString } from "@actr/protocol";
import { ActrSystem, Dest, NoServiceWorkload, silentLogger } from "@actr/runtime";
import { TickerClient, TickerWorkload } from "../../../../fixtures/streaming/expected/ticker/ticker_actor.js";
import { TickerProbe } from "./ticker-handler.js";
import { wireConfig } from "./ticker-wires.js";

const [mode, wire, signaling, target] = process.argv.slice(2);
if (signaling === undefined || wire === undefined) throw new Error("usage: ticker-child.ts serve|call websocket|webrtc <signaling url> [actor id]");
const workload = mode === "serve" ? new TickerWorkload(new TickerProbe()) : new NoServiceWorkload();
const system = await ActrSystem.fromConfig(
  { actrType: mode === "serve" ? "acme+Ticker" : "acme+TickerCaller", realmId: 1, signaling, mailboxPath: ":memory:", ...wireConfig(wire) },
  { logger: silentLogger },
);
const ref = await system.attach(workload).start();
if (mode === "serve") {
  process.stdout.write(`READY ${actrIdToString(ref.actorId())}\n`);
} else {
  if (target === undefined) throw new Error("call needs the actor id of the server");
  const client = new TickerClient(ref, Dest.actor(parseActrId(target)));
  for await (const tick of client.ticks({ start: 0n, count: 0 }, { timeoutMs: 60_000 })) process.stdout.write(`TICK ${tick.value}\n`);
}
await ref.waitForCtrlCAndShutdown();

