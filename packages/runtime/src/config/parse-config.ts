import { create } from "@bufbuild/protobuf";
import { AclRuleSchema, AclRule_Permission, AclSchema, IdentityFormatError, makeActrType } from "@actr/protocol";
import type { Acl, ActrType } from "@actr/protocol";
import { ConfigError } from "./config-error.js";
import { CONFIG_DEFAULTS } from "./defaults.js";
import { parseType, resolveConfig, signalingConfig } from "./resolve-config.js";
import { WEBRTC_ENGINES, type DependencyConfig, type RuntimeConfig, type WebRtcConfig } from "./runtime-config.js";
import { parseToml, TableReader } from "./toml-reader.js";
import type { Table } from "./toml-reader.js";

const MAX_U32 = 0xffff_ffff;

/**
 * Reads the text of an Actr.toml. `source` names the file in errors; relative
 * paths resolve against `baseDir`. Unknown keys and wrong types are ConfigErrors naming the key.
 */
export function parseConfig(text: string, source: string, baseDir: string): RuntimeConfig {
  const doc = parseToml(text, source, "Fix the syntax there.");
  const read = new Reader(source);
  read.keys(doc, "", ["exports", "package", "actr_type", "dependencies", "system", "acl"], "");
  const pkg = read.with('e.g. [package] name = "echo-server"').table(doc, "package");
  read.keys(pkg, "package", ["name", "version", "actr_type"], "");
  const system = read.optionalTable(doc, "system");
  read.keys(system, "system", ["signaling", "deployment", "storage", "webrtc", "websocket"], "");
  const signaling = read.optionalTable(system, "system.signaling");
  read.keys(signaling, "system.signaling", ["url", "ais_url"], 'e.g. url = "ws://127.0.0.1:8081/signaling/ws"');
  const deployment = read.optionalTable(system, "system.deployment");
  read.keys(deployment, "system.deployment", ["realm_id", "realm_secret"], "e.g. realm_id = 1");
  const storage = read.optionalTable(system, "system.storage");
  read.keys(storage, "system.storage", ["mailbox_path"], 'e.g. mailbox_path = ".actr/mailbox.db"');
  const webrtc = read.optionalTable(system, "system.webrtc");
  read.keys(webrtc, "system.webrtc", ["enabled", "stun_urls", "turn_urls", "force_relay", "engine", "host_address"], 'e.g. engine = "werift"');
  const websocket = read.optionalTable(system, "system.websocket");
  read.keys(websocket, "system.websocket", ["listen_port", "host"], 'e.g. listen_port = 0 and host = "127.0.0.1"');

  const signalingUrl = read.optionalString(signaling, "system.signaling.url", 'e.g. url = "ws://127.0.0.1:8081/signaling/ws"');
  return resolveConfig(
    {
      baseDir,
      packageName: read.with('e.g. name = "echo-server"').string(pkg, "package.name"),
      actrType: readActrType(read, doc, pkg),
      exports: read.optionalStrings(doc, "exports", 'e.g. exports = ["protos/local/echo.proto"]'),
      dependencies: readDependencies(read, read.optionalTable(doc, "dependencies")),
      signaling:
        signaling === undefined
          ? undefined
          : signalingUrl === undefined
          ? read.required(signaling, "system.signaling.url", 'e.g. url = "ws://127.0.0.1:8081/signaling/ws"')
          : signalingConfig(signalingUrl, read.optionalString(signaling, "system.signaling.ais_url", 'e.g. ais_url = "http://127.0.0.1:8081/ais"'), source),
      realmId: read.optionalInteger(deployment, "system.deployment.realm_id", 0, MAX_U32, "e.g. realm_id = 1"),
      realmSecret: read.optionalString(deployment, "system.deployment.realm_secret", 'e.g. realm_secret = "<secret of the realm>" (or set ACTR_REALM_SECRET)'),
      mailboxPath: read.optionalString(storage, "system.storage.mailbox_path", 'e.g. mailbox_path = ".actr/mailbox.db"'),
      webrtc: readWebRtc(read, webrtc),
      websocketListenPort: read.optionalInteger(websocket, "system.websocket.listen_port", 0, 65535, "e.g. listen_port = 0 (any free port)"),
      websocketHost: read.optionalString(websocket, "system.websocket.host", 'e.g. host = "127.0.0.1"'),
      acl: readAcl(read, read.optionalTable(doc, "acl")),
    },
    source,
  );
}

function readWebRtc(read: Reader, table: Table | undefined): Partial<WebRtcConfig> {
  const engine = read.optionalString(table, "system.webrtc.engine", 'e.g. engine = "werift"');
  if (engine !== undefined && !WEBRTC_ENGINES.some((name) => name === engine)) {
    throw new ConfigError(`${read.source}: system.webrtc.engine is "${engine}". Use one of ${WEBRTC_ENGINES.map((name) => `"${name}"`).join(", ")}.`);
  }
  return {
    enabled: read.optionalBoolean(table, "system.webrtc.enabled", "e.g. enabled = false"),
    stunUrls: read.optionalStrings(table, "system.webrtc.stun_urls", 'e.g. stun_urls = ["stun:stun.l.google.com:19302"]'),
    turnUrls: read.optionalStrings(table, "system.webrtc.turn_urls", 'e.g. turn_urls = ["turn:turn.example:3478?transport=udp"]'),
    forceRelay: read.optionalBoolean(table, "system.webrtc.force_relay", "e.g. force_relay = true"),
    engine: WEBRTC_ENGINES.find((name) => name === engine),
    hostAddress: read.optionalString(table, "system.webrtc.host_address", 'e.g. host_address = "127.0.0.1"'),
  };
}

/**
 * [package.actr_type] or a top-level [actr_type], exactly one of them. The version is `[package]
 * version`, or the type table's own `version`, or CONFIG_DEFAULTS.packageVersion.
 */
function readActrType(read: Reader, doc: Table, pkg: Table): ActrType {
  const example = 'e.g. [package.actr_type] manufacturer = "acme" and name = "EchoService"';
  const nested = read.optionalTable(pkg, "package.actr_type");
  const topLevel = read.optionalTable(doc, "actr_type");
  if (nested !== undefined && topLevel !== undefined) {
    throw new ConfigError(`${read.source}: both [actr_type] and [package.actr_type] are given. Keep only [package.actr_type].`);
  }
  const at = nested !== undefined ? "package.actr_type" : "actr_type";
  const table = nested ?? topLevel ?? read.with(example).table(pkg, "package.actr_type");
  read.keys(table, at, ["manufacturer", "name", "version"], example);
  const manufacturer = read.with('e.g. manufacturer = "acme"').string(table, `${at}.manufacturer`);
  const name = read.with('e.g. name = "EchoService"').string(table, `${at}.name`);
  const typeVersion = read.optionalString(table, `${at}.version`, 'e.g. version = "1.0.0"');
  const packageVersion = read.optionalString(pkg, "package.version", 'e.g. version = "0.1.0"');
  if (typeVersion !== undefined && packageVersion !== undefined && typeVersion !== packageVersion) {
    throw new ConfigError(
      `${read.source}: [package] version is "${packageVersion}" but ${at}.version is "${typeVersion}". Keep only [package] version.`,
    );
  }
  const version = packageVersion ?? typeVersion ?? CONFIG_DEFAULTS.packageVersion;
  try {
    return makeActrType(manufacturer, name, version, `${read.source} [${at}]`);
  } catch (error) {
    if (!(error instanceof IdentityFormatError)) throw error;
    throw new ConfigError(`${error.message}. Fix ${at}.manufacturer, name or version.`);
  }
}

function readDependencies(read: Reader, table: Table | undefined): DependencyConfig[] {
  if (table === undefined) return [];
  return Object.keys(table).map((name) => {
    const at = `dependencies.${name}`;
    const example = `e.g. ${name} = { actr_type = "acme+EchoService" }`;
    const dependency = read.with(example).table(table, at);
    read.keys(dependency, at, ["actr_type", "service", "fingerprint"], example);
    return {
      name,
      actrType: parseType(read.with(example).string(dependency, `${at}.actr_type`), read.source, `${at}.actr_type`),
      service: readServiceName(read, dependency, `${at}.service`),
      fingerprint: read.optionalString(dependency, `${at}.fingerprint`, 'e.g. fingerprint = "service_semantic:<sha256 hex>" (or leave it to `actr install`)'),
    };
  });
}

// A protobuf full name: dot-separated identifiers, e.g. acme.v2.UserService.
const SERVICE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

function readServiceName(read: Reader, dependency: Table, at: string): string | undefined {
  const form = 'service = "acme.v2.UserService" (the proto package, a dot and the service name)';
  const service = read.optionalString(dependency, at, `e.g. ${form}`);
  if (service !== undefined && !SERVICE_NAME.test(service)) {
    throw new ConfigError(`${read.source}: ${at} is "${service}", which is not a service's full name. Write it as ${form}.`);
  }
  return service;
}

function readAcl(read: Reader, table: Table | undefined): Acl | undefined {
  if (table === undefined) return undefined;
  const example = 'e.g. [[acl.rules]] permission = "allow" and types = ["acme+EchoClient"]';
  read.keys(table, "acl", ["rules"], example);
  const rules = read.with(example).tables(table, "acl.rules").flatMap((rule, index) => {
    const at = `acl.rules[${index}]`;
    read.keys(rule, at, ["permission", "types", "realm"], example);
    const permissionText = read.with('permission = "allow" or "deny"').string(rule, `${at}.permission`);
    if (permissionText !== "allow" && permissionText !== "deny") {
      throw new ConfigError(`${read.source}: ${at}.permission is "${permissionText}". Use "allow" or "deny".`);
    }
    const types = read.optionalStrings(rule, `${at}.types`, 'e.g. types = ["acme+EchoClient"]') ?? read.required(rule, `${at}.types`, 'e.g. types = ["acme+EchoClient"]');
    const realm = read.optionalInteger(rule, `${at}.realm`, 0, MAX_U32, "e.g. realm = 1 (omit for any realm)");
    return types.map((text) =>
      create(AclRuleSchema, {
        permission: permissionText === "allow" ? AclRule_Permission.ALLOW : AclRule_Permission.DENY,
        fromType: parseType(text, read.source, `${at}.types`),
        sourceRealm: realm === undefined ? { case: "anyRealm", value: true } : { case: "realmId", value: realm },
      }),
    );
  });
  return create(AclSchema, { rules });
}

/** The lock-file TableReader plus the optional values Actr.toml has; `fix` is an example of the key. */
class Reader {
  constructor(readonly source: string) {}

  with(fix: string): TableReader {
    return new TableReader(this.source, fix);
  }

  keys(table: Table | undefined, at: string, allowed: readonly string[], fix: string): void {
    if (table !== undefined) this.with(fix).keys(table, at, allowed);
  }

  required(table: Table | undefined, key: string, fix: string): never {
    throw new ConfigError(`${this.source}: ${key} is missing${table === undefined ? "" : " in its table"}. Add it, ${fix}.`);
  }

  optionalTable(parent: Table | undefined, key: string): Table | undefined {
    if (parent === undefined || value(parent, key) === undefined) return undefined;
    return this.with(`write it as [${key}]`).table(parent, key);
  }

  optionalString(parent: Table | undefined, key: string, fix: string): string | undefined {
    if (parent === undefined || value(parent, key) === undefined) return undefined;
    return this.with(fix).string(parent, key);
  }

  optionalStrings(parent: Table | undefined, key: string, fix: string): string[] | undefined {
    if (parent === undefined) return undefined;
    const found = value(parent, key);
    if (found === undefined) return undefined;
    if (!Array.isArray(found) || !found.every((item) => typeof item === "string")) {
      throw new ConfigError(`${this.source}: ${key} must be an array of strings. Write it as ${fix.replace(/^e\.g\. /, "")}.`);
    }
    return found;
  }

  optionalBoolean(parent: Table | undefined, key: string, fix: string): boolean | undefined {
    if (parent === undefined) return undefined;
    const found = value(parent, key);
    if (found === undefined) return undefined;
    if (typeof found !== "boolean") throw new ConfigError(`${this.source}: ${key} must be true or false. Write it as ${fix.replace(/^e\.g\. /, "")}.`);
    return found;
  }

  optionalInteger(parent: Table | undefined, key: string, min: number, max: number, fix: string): number | undefined {
    if (parent === undefined || value(parent, key) === undefined) return undefined;
    const found = this.with(fix).integer(parent, key);
    if (found < min || found > max) throw new ConfigError(`${this.source}: ${key} is ${found}, outside ${min}..${max}. Use a value in range, ${fix}.`);
    return found;
  }
}

function value(parent: Table, key: string): unknown {
  return parent[key.split(".").pop() as string];
}
