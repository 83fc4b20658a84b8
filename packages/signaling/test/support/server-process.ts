// A signaling server in a process of its own, so a test can load it without loading itself:
// started with its options as JSON in argv[2]; prints one line `LISTENING <json of its URLs>`,
// and on SIGTERM stops and prints `CPU <json of the process's user and system milliseconds>`.
import { once } from "node:events";
import { silentLogger, startSignalingServer, type SignalingServerOptions } from "@actr/signaling";

const options = JSON.parse(process.argv[2] ?? "{}") as SignalingServerOptions;
const server = await startSignalingServer({ port: 0, logger: silentLogger, ...options });
console.log(`LISTENING ${JSON.stringify({ url: server.url, aisUrl: server.aisUrl, wsUrl: server.wsUrl })}`);
await once(process, "SIGTERM");
await server.close();
const { user, system } = process.cpuUsage();
console.log(`CPU ${JSON.stringify({ userMs: user / 1000, systemMs: system / 1000 })}`);
