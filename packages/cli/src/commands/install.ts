import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { Command } from "commander";
import { create } from "@bufbuild/protobuf";
import { actrTypeToString, RealmSchema, RegisterRequestSchema, type ServiceSpec } from "@actr/protocol";
import { installedProtoPath, semanticFingerprint, serviceSemanticFingerprint } from "@actr/codegen";
import { ActrError, type DependencyConfig, type RuntimeConfig } from "@actr/runtime";
import { loadConfig, type LockedDependency } from "@actr/runtime";
import { ActorIdentity, formatLockFile, LOCK_FILE_VERSION, register, SignalingClient } from "@actr/runtime/internal";
import { CliError } from "../cli-error.js";
import { compileProtos } from "../gen/compile-protos.js";

interface InstallOptions {
  readonly config: string;
}

const REQUEST_TIMEOUT_MS = 10_000;

/** `actr install`: fetch dependency protos from the signaling server and write Actr.lock.toml. */
export function installCommand(): Command {
  return new Command("install")
    .description("fetch the protos of [dependencies] from the signaling server and write Actr.lock.toml")
    .option("-c, --config <file>", "Actr.toml of the actor", "Actr.toml")
    .action(async (options: InstallOptions) => {
      const config = await loadConfig(options.config);
      const locked = await install(config);
      const lockName = relative(process.cwd(), config.lockPath) || config.lockPath;
      const summary = locked.map((dependency) => `${dependency.name} (${dependency.files.length} protos)`).join(", ");
      console.log(`actr install: ${summary}; wrote ${lockName}`);
    });
}

/** Fetches every dependency's ServiceSpec, writes protos/remote/<dep>/ and the lock file. */
export async function install(config: RuntimeConfig): Promise<LockedDependency[]> {
  if (config.dependencies.length === 0) {
    throw new CliError(
      `No [dependencies] in ${join(config.baseDir, "Actr.toml")}: add one per actor to call, ` +
        `e.g. echo-server = { actr_type = "acme+EchoService" }`,
    );
  }
  const specs = await fetchSpecs(config);
  const remoteDir = join(config.baseDir, "protos", "remote");
  // Everything is written to a staging folder first, so a failure leaves the old files untouched.
  const staging = mkdtempSync(join(tmpdir(), "actr-install-"));
  try {
    const locked: LockedDependency[] = [];
    for (const [dependency, spec] of specs) {
      locked.push(await stageDependency(dependency, spec, join(staging, dependency.name)));
    }
    mkdirSync(remoteDir, { recursive: true });
    for (const dependency of config.dependencies) {
      const target = join(remoteDir, dependency.name);
      rmSync(target, { recursive: true, force: true });
      cpSync(remoteFolder(join(staging, dependency.name), dependency), target, { recursive: true });
    }
    writeFileSync(
      config.lockPath,
      formatLockFile({ version: LOCK_FILE_VERSION, generatedAt: new Date().toISOString(), dependencies: locked }),
    );
    return locked;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Asks the signaling server for the spec of each dependency. */
async function fetchSpecs(config: RuntimeConfig): Promise<Map<DependencyConfig, ServiceSpec>> {
  const client = await connectSignaling(config);
  try {
    const specs = new Map<DependencyConfig, ServiceSpec>();
    for (const dependency of config.dependencies) {
      const name = specName(dependency);
      const spec = await client.serviceSpec(name).catch((error: unknown) => {
        const why = error instanceof Error ? error.message : String(error);
        const key = dependency.service === undefined ? "actr_type" : "service";
        throw new CliError(
          `Dependency "${dependency.name}" (${name}): ${why}. ` +
            `Check its ${key} in [dependencies] and that an actor serving it has registered with ${config.signaling?.url}.`,
        );
      });
      if (spec.protobufs.length === 0) {
        throw new CliError(`Dependency "${dependency.name}" (${name}) publishes no protos in its service spec`);
      }
      specs.set(dependency, spec);
    }
    return specs;
  } finally {
    await client.close("actr install done");
  }
}

/** A signaling connection as this actor's type (the server answers only registered actors); errors are CliErrors. */
export async function connectSignaling(config: RuntimeConfig): Promise<SignalingClient> {
  const signaling = config.signaling;
  if (signaling === undefined) {
    throw new CliError(`No [system.signaling] url in ${join(config.baseDir, "Actr.toml")}: \`actr install\` asks that server`);
  }
  const request = create(RegisterRequestSchema, {
    actrType: config.actrType,
    realm: create(RealmSchema, { realmId: config.realmId }),
  });
  const identity = new ActorIdentity(await register(signaling.aisUrl, request, REQUEST_TIMEOUT_MS, { realmSecret: config.realmSecret }).catch(unreachable));
  return SignalingClient.connect({
    url: signaling.url,
    identity,
    heartbeatIntervalMs: Math.max(1, identity.heartbeatIntervalSecs) * 1000,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    reconnect: { initialMs: 1_000, maxMs: 1_000 },
  }).catch(unreachable);
}

function unreachable(error: unknown): never {
  if (error instanceof ActrError) throw new CliError(error.message);
  throw error;
}

/**
 * Writes the dependency's protos into `<root>/remote/<dependency>/` as they lie under an actor's
 * protos/ folder, compiles them there and computes their fingerprints.
 */
export async function stageDependency(dependency: DependencyConfig, spec: ServiceSpec, root: string): Promise<LockedDependency> {
  const dir = remoteFolder(root, dependency);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of installedProtos(dependency, spec)) writeFileSync(join(dir, name), content);
  const compiled = await compileProtos({ input: root });
  const inputs = new Set(compiled.inputFiles);
  const wanted = dependency.service;
  if (wanted !== undefined && !compiled.files.some((file) => inputs.has(file.name) && file.service.some((service) => qualified(file.package, service.name) === wanted))) {
    throw new CliError(
      `Dependency "${dependency.name}": the service spec ${JSON.stringify(spec.name)} that the signaling server sent does not define service ${wanted}. ` +
        "Check the service in [dependencies] (the proto package, a dot, the service name).",
    );
  }
  // Compiled names are `remote/<dependency>/<name>`; the service fingerprint takes `<name>`, the lock `<dependency>/<name>`.
  const folder = `${REMOTE}${dependency.name}/`;
  const files = compiled.files
    .filter((file) => inputs.has(file.name))
    .map((file) => ({ path: file.name.slice(folder.length), fingerprint: semanticFingerprint(file) }));
  const fingerprint = serviceSemanticFingerprint(files);
  if (spec.fingerprint !== "" && spec.fingerprint !== fingerprint) {
    console.warn(
      `actr install: ${dependency.name}: the fetched protos fingerprint as ${fingerprint}, ` +
        `but the actor announced ${spec.fingerprint}; discovery may not find an exact match`,
    );
  }
  return {
    name: dependency.name,
    actrType: bareType(dependency),
    ...(spec.name === "" ? {} : { service: spec.name }),
    fingerprint,
    files: files.map((file) => ({ path: `${dependency.name}/${file.path}`, fingerprint: file.fingerprint })),
  };
}

// An import statement of a published proto: `import "a.proto";`, `import public 'b.proto';`.
const IMPORT = /^(\s*import\s+(?:public\s+|weak\s+)?)(["'])([^"']+)\2(\s*;)/gm;
const REMOTE = "remote/";

function remoteFolder(root: string, dependency: DependencyConfig): string {
  return join(root, REMOTE, dependency.name);
}

/**
 * File name -> text of each proto of the spec. The name is `<package>.proto`, or the distinct name
 * by which another proto of the spec imports it (which tells apart the files of a package with more
 * than one), or the distinct name of a file without a package. Imports of each other are rewritten
 * to the path under protos/ (`remote/<dependency>/<name>`), where the actor's `actr gen` finds them.
 */
function installedProtos(dependency: DependencyConfig, spec: ServiceSpec): Map<string, string> {
  const imported = new Set(spec.protobufs.flatMap((proto) => [...proto.content.matchAll(IMPORT)].map((match) => match[3])));
  const files = new Map<string, string>();
  for (const proto of spec.protobufs) {
    if (!/^([A-Za-z_][A-Za-z0-9_.]*)?$/.test(proto.package)) {
      throw new CliError(`Dependency "${dependency.name}" publishes a proto with an invalid package ${JSON.stringify(proto.package)}`);
    }
    const distinct = installedProtoPath(proto.package, proto.fingerprint, true);
    const name = distinct !== undefined && imported.has(distinct) ? distinct : installedProtoPath(proto.package, proto.fingerprint, false);
    if (name === undefined) {
      throw new CliError(
        `Dependency "${dependency.name}" publishes a proto without a package and without a semantic:<sha256 hex> fingerprint, so it has no name to install it under`,
      );
    }
    if (files.has(name)) {
      throw new CliError(
        `Dependency "${dependency.name}" publishes more than one proto of package ${proto.package} that no import tells apart, ` +
          `so they cannot be installed side by side as ${name}. Its actor must publish them from a toolchain that names them apart.`,
      );
    }
    files.set(name, proto.content);
  }
  for (const [name, content] of files) {
    files.set(name, content.replace(IMPORT, (line, head: string, _quote: string, path: string, tail: string) => (files.has(path) ? `${head}"${REMOTE}${dependency.name}/${path}"${tail}` : line)));
  }
  return files;
}

/** `manufacturer+name`: how the lock file names the type. */
export function bareType(dependency: DependencyConfig): string {
  return actrTypeToString(dependency.actrType, { version: false });
}

/** What the signaling server is asked for: the service named in [dependencies], else the actor type's spec. */
export function specName(dependency: DependencyConfig): string {
  return dependency.service ?? bareType(dependency);
}

function qualified(pkg: string, name: string): string {
  return pkg === "" ? name : `${pkg}.${name}`;
}
