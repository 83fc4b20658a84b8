// The stream-echo server actor: node --conditions=source --import tsx server/main.ts [--actr-toml <path>]
import { actrIdToString } from "@actr/protocol";
import { ActrSystem } from "@actr/runtime";
import { StreamServerWorkload } from "./generated/stream_server/stream_server_actor.js";
import { StreamServerImpl } from "./stream_server.js";
import { actrTomlArg } from "../actr-toml-arg.js";

const intervalMs = Number(process.env["STREAM_INTERVAL_MS"] ?? 1000);
const { actrToml } = actrTomlArg(process.argv.slice(2), import.meta.dirname);
const system = await ActrSystem.fromToml(actrToml);
const ref = await system.attach(new StreamServerWorkload(new StreamServerImpl(intervalMs))).start();
console.log(`server ready as ${actrIdToString(ref.actorId())}`);
await ref.waitForCtrlCAndShutdown();
