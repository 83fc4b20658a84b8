import { describe, expect, it } from "vitest";
import { actrIdToString, makeActrType } from "@actr/protocol";
import { ActorRegistry } from "../src/registry/actor-registry.js";
import { RegistryStore } from "../src/registry/registry-store.js";

const HOUR = 3_600_000;

function failOnWrite(error: Error): never {
  throw error;
}

function registry(store = new RegistryStore(undefined, failOnWrite)): ActorRegistry {
  return new ActorRegistry({ removalMemoryMs: 24 * HOUR, connectGraceMs: 10 * 60_000, store });
}

describe("actor registry expiry", () => {
  it("sweeps registrations never connected within the grace time or past their renewal, never live ones", () => {
    const actors = registry();
    const now = Date.now();
    const registration = (name: string) => ({ realmId: 1, type: makeActrType("acme", name) });
    const neverConnected = actors.register(registration("Ghost"), now + 7 * 24 * HOUR);
    const connected = actors.register(registration("Present"), now + 7 * 24 * HOUR);
    actors.connected(connected);
    const lapsed = actors.register(registration("Lapsed"), now + HOUR);
    actors.connected(lapsed);
    const live = actors.register(registration("Live"), now + HOUR);

    expect(actors.sweep(() => false, now + 60_000)).toEqual([]);
    const swept = actors.sweep((record) => record.key === live.key, now + 2 * HOUR);
    expect(swept).toEqual([
      { key: neverConnected.key, why: "never connected" },
      { key: lapsed.key, why: "renewal expired" },
    ]);
    expect([...actors.all()].map((record) => record.key)).toEqual([connected.key, live.key]);
    // A swept actor is refused, not brought back hidden, until its credentials are long dead.
    expect(actors.restore(neverConnected.id)).toBeUndefined();
  });

  it("restores registrations, removals and the serial floor from its store", () => {
    const store = new RegistryStore(undefined, failOnWrite);
    const first = registry(store);
    const kept = first.register({ realmId: 3, type: makeActrType("acme", "Kept", "1.0.0") }, Date.now() + HOUR);
    const gone = first.register({ realmId: 3, type: makeActrType("acme", "Gone") }, Date.now() + HOUR);
    first.remove(gone.id);
    store.flush();

    const second = registry(store);
    expect([...second.all()].map((record) => actrIdToString(record.id))).toEqual([kept.key]);
    expect(second.restore(gone.id)).toBeUndefined();
    const next = second.register({ realmId: 3, type: makeActrType("acme", "Next") }, Date.now() + HOUR);
    expect(next.id.serialNumber > gone.id.serialNumber).toBe(true);
    store.close();
  });
});
