import { dirname, join } from "node:path";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { stringify } from "smol-toml";
import { COMPAT_LOCK_FILE, COMPAT_LOCK_VERSION } from "./compat-lock.js";
import type { CompatLock, CompatStore, Negotiation } from "./compat-lock.js";
import { ConfigError } from "./config-error.js";
import { parseToml, TableReader } from "./toml-reader.js";

const FIX = "Delete it: the runtime writes it again at the next discovery that needs it.";

/** The path of compat.lock.toml for an Actr.lock.toml. */
export function compatLockPath(lockPath: string): string {
  return join(dirname(lockPath), COMPAT_LOCK_FILE);
}

/** Reads compat.lock.toml; undefined when it does not exist. */
export function readCompatLock(path: string): CompatLock | undefined {
  if (!existsSync(path)) return undefined;
  return parseCompatLock(readFileSync(path, "utf8"), path);
}

export function parseCompatLock(text: string, source: string): CompatLock {
  const doc = parseToml(text, source, FIX);
  const reader = new TableReader(source, FIX);
  reader.keys(doc, "", ["metadata", "negotiation"]);
  const metadata = reader.table(doc, "metadata");
  reader.keys(metadata, "metadata", ["version"]);
  const version = reader.integer(metadata, "metadata.version");
  if (version !== COMPAT_LOCK_VERSION) throw new ConfigError(`${source}: metadata.version is ${version}, this actr reads version ${COMPAT_LOCK_VERSION}. ${FIX}`);
  const negotiations = reader.tables(doc, "negotiation").map((entry, i) => {
    const at = `negotiation[${i}]`;
    reader.keys(entry, at, ["name", "actr_type", "locked_fingerprint", "resolved_fingerprint", "recorded_at"]);
    return {
      name: reader.string(entry, `${at}.name`),
      actrType: reader.string(entry, `${at}.actr_type`),
      lockedFingerprint: reader.string(entry, `${at}.locked_fingerprint`),
      resolvedFingerprint: reader.string(entry, `${at}.resolved_fingerprint`),
      recordedAt: reader.string(entry, `${at}.recorded_at`),
    };
  });
  return { version, negotiations };
}

export function formatCompatLock(lock: CompatLock): string {
  const doc = {
    metadata: { version: lock.version },
    negotiation: lock.negotiations.map((n) => ({
      name: n.name,
      actr_type: n.actrType,
      locked_fingerprint: n.lockedFingerprint,
      resolved_fingerprint: n.resolvedFingerprint,
      recorded_at: n.recordedAt,
    })),
  };
  return `# Written by the actr runtime: dependencies running against a compatible, not exact, service. Run \`actr install\` to pin what runs.\n${stringify(doc)}\n`;
}

/** compat.lock.toml as a CompatStore, read once and rewritten on each change. */
export class CompatLockFile implements CompatStore {
  #negotiations: Negotiation[];

  constructor(readonly path: string) {
    this.#negotiations = [...(readCompatLock(path)?.negotiations ?? [])];
  }

  find(name: string, lockedFingerprint: string): Negotiation | undefined {
    return this.#negotiations.find((n) => n.name === name && n.lockedFingerprint === lockedFingerprint);
  }

  record(negotiation: Negotiation): void {
    this.#negotiations = [...this.#negotiations.filter((n) => n.name !== negotiation.name), negotiation];
    this.#write();
  }

  remove(name: string): void {
    const before = this.#negotiations.length;
    this.#negotiations = this.#negotiations.filter((n) => n.name !== name);
    if (this.#negotiations.length !== before) this.#write();
  }

  #write(): void {
    if (this.#negotiations.length === 0) {
      rmSync(this.path, { force: true });
      return;
    }
    writeFileSync(this.path, formatCompatLock({ version: COMPAT_LOCK_VERSION, negotiations: this.#negotiations }));
  }
}
