// Registers many actors that never connect, from a process of its own: argv[2] is the /ais URL,
// argv[3] the count, argv[4] how many requests are in flight. Prints one line
// `FLOODED <json {ms, serials}>` where serials counts the distinct serials received.
import { performance } from "node:perf_hooks";
import { register } from "./test-actor.js";

const [aisUrl = "", countText = "0", concurrencyText = "1"] = process.argv.slice(2);
const count = Number(countText);
const serials = new Set<bigint>();
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: Number(concurrencyText) }, async () => {
    while (next < count) {
      next++;
      serials.add((await register({ aisUrl }, { name: "Flood" })).actrId!.serialNumber);
    }
  }),
);
console.log(`FLOODED ${JSON.stringify({ ms: performance.now() - started, serials: serials.size })}`);
