import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { actrIdEquals } from "@actr/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ActrSystem, DependencyNotFoundError, InMemoryHub, TransportError } from "@actr/runtime";
import type { ActrRef, ClientHooks, NetworkStarter, Workload } from "@actr/runtime";
import { LOCK_FILE_VERSION, formatLockFile, readCompatLock } from "@actr/runtime/internal";
import { createNetworkStarter } from "../../src/network/start-network.js";
import { memoryLogger, useTempDir } from "../support/temp-dir.js";
import { TestSignaling } from "./network-fixture.js";

const tempDir = useTempDir();
/** The network reports to `logger` (the sub-healthy warning is the network's). */
const networkFor = (logger: ReturnType<typeof memoryLogger>) => createNetworkStarter({ reconnect: { initialMs: 50, maxMs: 200 }, requestTimeoutMs: 5_000, logger });
const PINNED = `service_semantic:${"a".repeat(64)}`;
const OTHER = `service_semantic:${"b".repeat(64)}`;

/** A service that serves nothing but publishes a spec with `fingerprint`. */
function serviceWith(fingerprint: string): Workload {
  return { routeKeys: [], dispatch: async () => new Uint8Array(), spec: { name: "compat", fingerprint, protos: [] } };
}

describe("discovery with compat.lock.toml", () => {
  const signaling = new TestSignaling();
  const refs: ActrRef[] = [];
  beforeAll(() => signaling.start());
  afterAll(async () => {
    for (const ref of refs) await ref.shutdown();
    await signaling.stop();
  });

  async function start(name: string, workload: Workload | ClientHooks, dir = tempDir(), logger = memoryLogger()): Promise<ActrRef> {
    const system = await ActrSystem.fromConfig({ actrType: `acme+${name}`, baseDir: dir, realmId: 1, signaling: signaling.server.wsUrl }, { network: networkFor(logger), logger });
    const ref = await system.attach(workload).start();
    refs.push(ref);
    return ref;
  }

  it("records a compatible, not exact, match; keeps it while it holds; removes it when the pinned service is back", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "Actr.lock.toml"),
      formatLockFile({ version: LOCK_FILE_VERSION, generatedAt: "now", dependencies: [{ name: "store", actrType: "acme+Store", fingerprint: PINNED, files: [] }] }),
    );
    const compatPath = join(dir, "compat.lock.toml");
    const older = await start("Store", serviceWith(OTHER));
    const logger = memoryLogger();
    const client = await start("StoreClient", {}, dir, logger);

    // By dependency name, by manufacturer+name and by full type.
    expect(actrIdEquals(await client.discover("store"), older.actorId())).toBe(true);
    const recorded = readCompatLock(compatPath)?.negotiations;
    expect(recorded?.map((n) => [n.name, n.actrType, n.lockedFingerprint, n.resolvedFingerprint])).toEqual([["store", "acme+Store", PINNED, OTHER]]);
    const warnings = logger.lines.filter((line) => line.startsWith("warn No online acme+Store"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`serves fingerprint ${PINNED}: it runs with ${OTHER} instead`);

    const before = readFileSync(compatPath, "utf8");
    expect(actrIdEquals(await client.discover("acme+Store"), older.actorId())).toBe(true);
    expect(readFileSync(compatPath, "utf8")).toBe(before);
    expect(logger.lines.filter((line) => line.startsWith("warn No online acme+Store"))).toHaveLength(1);

    const pinned = await start("Store", serviceWith(PINNED));
    expect(actrIdEquals(await client.discover("acme+Store+"), pinned.actorId())).toBe(true);
    expect(existsSync(compatPath)).toBe(false);
  });

  it("names what the lock holds when asked for something else", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "Actr.lock.toml"), formatLockFile({ version: LOCK_FILE_VERSION, generatedAt: "now", dependencies: [{ name: "store", actrType: "acme+Store", fingerprint: PINNED, files: [] }] }));
    const client = await start("Lost", {}, dir);
    await expect(client.discover("shop")).rejects.toBeInstanceOf(DependencyNotFoundError);
    await expect(client.discover("acme+Shop")).rejects.toThrow(/acme\+Shop is not a dependency in .*\(it has: store \(acme\+Store\)\)/);
  });
});

describe("discovery without signaling", () => {
  it("rejects with a TransportError that says the actor runs without signaling", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "Actr.lock.toml"), formatLockFile({ version: LOCK_FILE_VERSION, generatedAt: "now", dependencies: [{ name: "store", actrType: "acme+Store", fingerprint: PINNED, files: [] }] }));
    const system = await ActrSystem.fromConfig({ actrType: "acme+Offline", baseDir: dir }, { network: false, logger: memoryLogger() });
    const ref = await system.attach().start();
    const error = await ref.discover("store").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toContain("runs without signaling");
    await ref.shutdown();
  });
});

describe("ctx.discover", () => {
  it("asks the network for one candidate (criteria.candidate_count = 1)", async () => {
    const hub = new InMemoryHub();
    const counts: (number | undefined)[] = [];
    const counting: NetworkStarter = async (config, spec) => {
      const session = await hub.starter()(config, spec);
      return { ...session, discover: (target, fingerprint, count) => (counts.push(count), session.discover(target, fingerprint, count)) };
    };
    const dir = tempDir();
    writeFileSync(join(dir, "Actr.lock.toml"), formatLockFile({ version: LOCK_FILE_VERSION, generatedAt: "now", dependencies: [{ name: "store", actrType: "acme+Store", fingerprint: PINNED, files: [] }] }));
    const signaling = "ws://127.0.0.1:1/signaling/ws";
    const store = await (await ActrSystem.fromConfig({ actrType: "acme+Store", baseDir: tempDir(), signaling }, { network: counting, logger: memoryLogger() })).attach().start();
    const client = await (await ActrSystem.fromConfig({ actrType: "acme+Client", baseDir: dir, signaling }, { network: counting, logger: memoryLogger() })).attach().start();
    expect(actrIdEquals(await client.discover("acme+Store"), store.actorId())).toBe(true);
    expect(counts).toEqual([1]);
    await client.shutdown();
    await store.shutdown();
  });
});
