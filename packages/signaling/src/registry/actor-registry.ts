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

/** What the server knows about one registered actor. */
export interface ActorRecord {
  readonly id: ActrId;
  readonly key: string;
  readonly realmId: number;
  readonly type: ActrType;
  /** Unknown for actors restored from a credential until they register again. */
  readonly spec: ServiceSpec | undefined;
  readonly acl: Acl | undefined;
  readonly wsAddress: string | undefined;
}

export interface Registration {
  readonly realmId: number;
  readonly type: ActrType;
  readonly spec?: ServiceSpec | undefined;
  readonly acl?: Acl | undefined;
  readonly wsAddress?: string | undefined;
}

/** In-memory table of registered actors, keyed by the ActrId string form. */
export class ActorRegistry {
  private readonly records = new Map<string, ActorRecord>();

  /** Registers a new actor under a fresh random serial, so serials stay unique across restarts. */
  register(registration: Registration): ActorRecord {
    let id: ActrId;
    do {
      const serial = randomBytes(8).readBigUInt64BE(0);
      id = makeActrId(registration.realmId, serial === 0n ? 1n : serial, registration.type);
    } while (this.records.has(actrIdToString(id)));
    return this.store(id, registration);
  }

  /** Re-creates the record of an actor known only from its credential (e.g. after a restart). */
  restore(id: ActrId): ActorRecord {
    const existing = this.get(id);
    if (existing !== undefined) return existing;
    const { realm, type } = id;
    if (realm === undefined || type === undefined) throw new Error("restore needs a complete ActrId");
    return this.store(id, { realmId: realm.realmId, type });
  }

  get(id: ActrId | string): ActorRecord | undefined {
    return this.records.get(typeof id === "string" ? id : actrIdToString(id));
  }

  remove(id: ActrId): boolean {
    return this.records.delete(actrIdToString(id));
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
      const typeName = actrTypeToString(record.type);
      const bare = `${record.type.manufacturer}+${record.type.name}`;
      if (spec.name === name || typeName === name || bare === name || spec.protobufs.some((p) => p.package === name)) {
        found = spec;
      }
    }
    return found;
  }

  private store(id: ActrId, registration: Registration): ActorRecord {
    const key = actrIdToString(id);
    const record: ActorRecord = {
      id,
      key,
      realmId: registration.realmId,
      type: registration.type,
      spec: registration.spec,
      acl: registration.acl,
      wsAddress: registration.wsAddress,
    };
    // Re-insert so iteration order is registration order, latest last.
    this.records.delete(key);
    this.records.set(key, record);
    return record;
  }
}
