import { randomBytes } from "node:crypto";
import {
  actrIdToString,
  actrTypeToString,
  makeActrId,
  type Acl,
  type ActrId,
  type ActrType,
  type ServiceSpec,
} from "@actr/protocol";
import type { Registration } from "./registration.js";
import { EMPTY_REGISTRY_STATE, type RegistryState } from "./registry-state.js";

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
  /** How long an unregistered actor is refused: as long as a credential or renewal token it holds may live. */
  readonly removalMemoryMs: number;
  /** What a previous run saved. */
  readonly initial?: RegistryState;
  /** Called with the whole state after each registration or removal. */
  readonly persist?: (state: RegistryState) => void;
}

/** Table of registered actors, keyed by the ActrId string form. */
export class ActorRegistry {
  private readonly records = new Map<string, ActorRecord>();
  private readonly removed = new Map<string, number>();

  constructor(private readonly options: ActorRegistryOptions) {
    const initial = options.initial ?? EMPTY_REGISTRY_STATE;
    for (const { id, registration } of initial.actors) this.store(id, registration, true);
    for (const { key, untilMs } of initial.removed) this.removed.set(key, untilMs);
  }

  /** Registers a new actor under a fresh random serial, so serials stay unique across restarts. */
  register(registration: Registration): ActorRecord {
    let id: ActrId;
    do {
      const serial = randomBytes(8).readBigUInt64BE(0);
      id = makeActrId(registration.realmId, serial === 0n ? 1n : serial, registration.type);
    } while (this.records.has(actrIdToString(id)) || this.removed.has(actrIdToString(id)));
    const record = this.store(id, registration, true);
    this.persist();
    return record;
  }

  /**
   * The record of an actor holding a valid credential. One the registry does not know (e.g. a
   * server restarted without its state) comes back hidden; one that unregistered stays gone.
   */
  restore(id: ActrId): ActorRecord | undefined {
    const existing = this.get(id);
    if (existing !== undefined) return existing;
    if (this.wasRemoved(actrIdToString(id))) return undefined;
    const { realm, type } = id;
    if (realm === undefined || type === undefined) throw new Error("restore needs a complete ActrId");
    return this.store(id, { realmId: realm.realmId, type }, false);
  }

  get(id: ActrId | string): ActorRecord | undefined {
    return this.records.get(typeof id === "string" ? id : actrIdToString(id));
  }

  /** Forgets an actor and refuses its credential from now on. */
  remove(id: ActrId): boolean {
    const key = actrIdToString(id);
    const known = this.records.delete(key);
    this.removed.set(key, Date.now() + this.options.removalMemoryMs);
    this.persist();
    return known;
  }

  all(): IterableIterator<ActorRecord> {
    return this.records.values();
  }

  /**
   * The service spec named `name`: a spec name, a proto package of the spec, or the
   * `manufacturer+name[+version]` of the actor that registered it. The latest registration wins.
   */
  findSpec(name: string): ServiceSpec | undefined {
    let found: ServiceSpec | undefined;
    for (const record of this.records.values()) {
      const spec = record.spec;
      if (spec === undefined) continue;
      const names = [spec.name, actrTypeToString(record.type), actrTypeToString(record.type, { version: false })];
      if (names.includes(name) || spec.protobufs.some((p) => p.package === name)) found = spec;
    }
    return found;
  }

  private wasRemoved(key: string): boolean {
    const untilMs = this.removed.get(key);
    if (untilMs === undefined) return false;
    if (untilMs > Date.now()) return true;
    this.removed.delete(key);
    return false;
  }

  private persist(): void {
    const persist = this.options.persist;
    if (persist === undefined) return;
    const now = Date.now();
    for (const [key, untilMs] of this.removed) if (untilMs <= now) this.removed.delete(key);
    persist({
      actors: [...this.records.values()]
        .filter((record) => record.discoverable)
        .map(({ id, realmId, type, spec, acl, wsAddress }) => ({ id, registration: { realmId, type, spec, acl, wsAddress } })),
      removed: [...this.removed].map(([key, untilMs]) => ({ key, untilMs })),
    });
  }

  private store(id: ActrId, registration: Registration, discoverable: boolean): ActorRecord {
    const key = actrIdToString(id);
    const record: ActorRecord = {
      id,
      key,
      realmId: registration.realmId,
      type: registration.type,
      spec: registration.spec,
      acl: registration.acl,
      wsAddress: registration.wsAddress,
      discoverable,
    };
    // Re-insert so iteration order is registration order, latest last.
    this.records.delete(key);
    this.records.set(key, record);
    return record;
  }
}
