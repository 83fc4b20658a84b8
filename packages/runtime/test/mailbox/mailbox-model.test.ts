import { describe, expect, it } from "vitest";
import { useTempDir } from "../support/temp-dir.js";
import { MailboxModel, type Operation } from "./mailbox-model.js";
import { seededRandom } from "./seeded-random.js";

const tempDir = useTempDir();
const STEPS = 300;
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

async function run(seed: number): Promise<Map<Operation, number>> {
  const model = new MailboxModel(tempDir(), seededRandom(seed));
  const counts = new Map<Operation, number>();
  const trace: Operation[] = [];
  try {
    for (let step = 0; step < STEPS; step++) {
      const operation = await model.step().catch((error: unknown) => {
        throw new Error(`seed ${seed}, step ${step}, after ${trace.slice(-12).join(" ")}`, { cause: error });
      });
      trace.push(operation);
      counts.set(operation, (counts.get(operation) ?? 0) + 1);
    }
  } finally {
    model.close();
  }
  return counts;
}

describe("durable mailbox against a model", () => {
  it.each(SEEDS)("seed %i keeps every promise through random enqueues, claims, acks and crashes", async (seed) => {
    const counts = await run(seed);
    // A run that never crashed or never acked would prove little.
    for (const operation of ["claim", "handle", "ack", "crash"] as const) expect(counts.get(operation) ?? 0, operation).toBeGreaterThan(0);
  });
});
