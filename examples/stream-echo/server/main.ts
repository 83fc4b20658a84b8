// The stream-echo server actor: node --conditions=source --import tsx server/main.ts
import { join } from "node:path";
import { actrIdToString } from "@actr/protocol";
import { ActrSystem } from "@actr/runtime";
import { StreamServerWorkload } from "./generated/stream_server/stream_server_actor.js";
import { StreamServerImpl } from "./stream_server.js";

const intervalMs = Number(process.env["STREAM_INTERVAL_MS"] ?? 1000);
const system = await ActrSystem.fromToml(join(import.meta.dirname, "Actr.toml"));
const ref = await system.attach(new StreamServerWorkload(new StreamServerImpl(intervalMs))).start();
console.log(`server ready as ${actrIdToString(ref.actorId())}`);
await ref.waitForCtrlCAndShutdown();
