// The echo server actor: node --conditions=source --import tsx server/main.ts
import { join } from "node:path";
import { actrIdToString } from "@actr/protocol";
import { ActrSystem } from "@actr/runtime";
import { EchoServiceWorkload } from "./generated/echo/echo_service_actor.js";
import { EchoServiceImpl } from "./echo_service.js";

const system = await ActrSystem.fromToml(join(import.meta.dirname, "Actr.toml"));
const ref = await system.attach(new EchoServiceWorkload(new EchoServiceImpl())).start();
console.log(`server ready as ${actrIdToString(ref.actorId())}`);
await ref.waitForCtrlCAndShutdown();
