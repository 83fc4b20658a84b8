import { toBinary } from "@bufbuild/protobuf";
import {
  RegisterRequestSchema,
  actrIdToString,
  actrTypeToString,
  decodeComplete,
  makeActrId,
  parseActrId,
  type Acl,
  type ActrId,
  type ActrType,
  type ServiceSpec,
} from "@actr/protocol";
import { registrationFromRequest, registrationToRequest, type Registration } from "./registration.js";
import type { RegistryStore } from "./registry-store.js";
import { SerialAllocator } from "./serial-allocator.js";

/** What the server knows about one registered actor. */
export interface ActorRecord {
  readonly id: ActrId;
  readonly key: string;
  readonly realmId: number;
  readonly type: ActrType;
  readonly spec: ServiceSpec | undefined;
  readonly acl: Acl | undefined;
  readonly wsAddress: string | undefined;
  /**
   * False for an actor known only from its credential: without its ACL the server cannot tell who
   * may see it, so it stays hidden until it registers again.
   */
  readonly discoverable: boolean;
}

export interface ActorRegistryOptions {
  /** How long a removed actor is refused: as long as a credential or renewal token it holds may live. */
  readonly removalMemoryMs: number;
  /** A registration whose actor has not connected within this time expires. */
  readonly connectGraceMs: number;
  readonly store: RegistryStore;
}

/** Why a sweep removed a registration. */
export type Expiry = "never connected" | "renewal expired";

interface Entry {
  readonly record: ActorRecord;
  readonly registeredAtMs: number;
  connected: boolean;
  renewableUntilMs: number;
}

/**
 * Table of registered actors, keyed by the ActrId string form: held in memory for discovery, each
 * change written through to the store so a restart restores it.
 */
export class ActorRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly removed = new Map<string, number>();
  private readonly serials: SerialAllocator;

  constructor(private readonly options: ActorRegistryOptions) {
    const { store } = options;
    for (const stored of store.actors()) {
      const where = `registry entry ${stored.key}`;
      const registration = registrationFromRequest(decodeComplete(RegisterRequestSchema, stored.registration, where));
      this.entries.set(stored.key, {
        record: recordOf(parseActrId(stored.key), registration, true),
        registeredAtMs: stored.registeredAtMs,
        connected: stored.connected,
        renewableUntilMs: stored.renewableUntilMs,
      });
    }
    for (const { key, untilMs } of store.removals()) this.removed.set(key, untilMs);
    this.serials = new SerialAllocator(store.lastSerial());
  }

  /** Registers a new actor under a fresh serial (SerialAllocator), renewable until `renewableUntilMs`. */
  register(registration: Registration, renewableUntilMs: number): ActorRecord {
    const serial = this.serials.next();
    const id = makeActrId(registration.realmId, serial, registration.type);
    const entry: Entry = { record: recordOf(id, registration, true), registeredAtMs: Date.now(), connected: false, renewableUntilMs };
    this.options.store.addActor(
      {
        key: entry.record.key,
        registration: toBinary(RegisterRequestSchema, registrationToRequest(registration)),
        registeredAtMs: entry.registeredAtMs,
        connected: false,
        renewableUntilMs,
      },
      serial,
    );
    this.entries.set(entry.record.key, entry);
    return entry.record;
  }

  /**
   * The record of an actor holding a valid credential. One the registry does not know (e.g. a
   * server restarted without its state) comes back hidden; one that was removed stays gone.
   */
  restore(id: ActrId): ActorRecord | undefined {
    const existing = this.get(id);
    if (existing !== undefined) return existing;
    const key = actrIdToString(id);
    if (this.wasRemoved(key)) return undefined;
    const { realm, type } = id;
    if (realm === undefined || type === undefined) throw new Error("restore needs a complete ActrId");
    // Hidden records live in memory only: the actor's next registration replaces them.
    const now = Date.now();
    const entry: Entry = {
      record: recordOf(id, { realmId: realm.realmId, type }, false),
      registeredAtMs: now,
      connected: true,
      renewableUntilMs: now + this.options.removalMemoryMs,
    };
    this.entries.set(key, entry);
    return entry.record;
  }

  get(id: ActrId | string): ActorRecord | undefined {
    return this.entries.get(typeof id === "string" ? id : actrIdToString(id))?.record;
  }

  /** Notes that the actor opened its socket, so it no longer expires as "never connected". */
  connected(record: ActorRecord): void {
    const entry = this.entries.get(record.key);
    if (entry === undefined || entry.connected) return;
    entry.connected = true;
    if (record.discoverable) this.options.store.markConnected(record.key);
  }

  /** Notes a renewal token issued to the actor. */
  renewed(record: ActorRecord, renewableUntilMs: number): void {
    const entry = this.entries.get(record.key);
    if (entry === undefined) return;
    entry.renewableUntilMs = renewableUntilMs;
    if (record.discoverable) this.options.store.renewed(record.key, renewableUntilMs);
  }

  /** Forgets an actor and refuses its credential from now on. */
  remove(id: ActrId): boolean {
    return this.removeKey(actrIdToString(id), Date.now());
  }

  /**
   * Removes registrations that expired, except those `isLive` still holds a socket for: never
   * connected within the grace time, or past their last renewal token. Their credentials are
   * refused from then on. Returns what it removed and why.
   */
  sweep(isLive: (record: ActorRecord) => boolean, nowMs = Date.now()): { key: string; why: Expiry }[] {
    const expired: { key: string; why: Expiry }[] = [];
    for (const [key, entry] of this.entries) {
      if (isLive(entry.record)) continue;
      const why: Expiry | undefined =
        entry.renewableUntilMs <= nowMs
          ? "renewal expired"
          : !entry.connected && entry.registeredAtMs + this.options.connectGraceMs <= nowMs
            ? "never connected"
            : undefined;
      if (why === undefined) continue;
      this.removeKey(key, nowMs);
      expired.push({ key, why });
    }
    for (const [key, untilMs] of this.removed) if (untilMs <= nowMs) this.removed.delete(key);
    this.options.store.deleteRemovalsBefore(nowMs);
    return expired;
  }

  *all(): IterableIterator<ActorRecord> {
    for (const entry of this.entries.values()) yield entry.record;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The service spec named `name`: a spec name (the service's full name), or the
   * `manufacturer+name[+version]` of the actor that registered it, or else a proto package of the
   * spec (which several services may share), among the records `visible` accepts. The latest
   * registration wins.
   */
  findSpec(name: string, visible: (record: ActorRecord) => boolean): ServiceSpec | undefined {
    let named: ServiceSpec | undefined;
    let inPackage: ServiceSpec | undefined;
    for (const { record } of this.entries.values()) {
      const spec = record.spec;
      if (spec === undefined || !visible(record)) continue;
      const names = [spec.name, actrTypeToString(record.type), actrTypeToString(record.type, { version: false })];
      if (names.includes(name)) named = spec;
      else if (spec.protobufs.some((p) => p.package === name)) inPackage = spec;
    }
    return named ?? inPackage;
  }

  private removeKey(key: string, nowMs: number): boolean {
    const known = this.entries.delete(key);
    const untilMs = nowMs + this.options.removalMemoryMs;
    this.removed.set(key, untilMs);
    this.options.store.removeActor(key, untilMs);
    return known;
  }

  private wasRemoved(key: string): boolean {
    const untilMs = this.removed.get(key);
    if (untilMs === undefined) return false;
    if (untilMs > Date.now()) return true;
    this.removed.delete(key);
    return false;
  }
}

function recordOf(id: ActrId, registration: Registration, discoverable: boolean): ActorRecord {
  return {
    id,
    key: actrIdToString(id),
    realmId: registration.realmId,
    type: registration.type,
    spec: registration.spec,
    acl: registration.acl,
    wsAddress: registration.wsAddress,
    discoverable,
  };
}
