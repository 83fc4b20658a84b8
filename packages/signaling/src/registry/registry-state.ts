import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, parse } from "node:path";
import { toBinary } from "@bufbuild/protobuf";
import {
  RegisterRequestSchema,
  actrIdToString,
  decodeComplete,
  fromBase64,
  parseActrId,
  toBase64,
  type ActrId,
} from "@actr/protocol";
import { registrationFromRequest, registrationToRequest, type Registration } from "./registration.js";

/** What the registry keeps across restarts. */
export interface RegistryState {
  /** Registered actors, oldest first. */
  readonly actors: readonly { readonly id: ActrId; readonly registration: Registration }[];
  /** Actors that unregistered, by id string, until their last credential or renewal token expires (unix ms). */
  readonly removed: readonly { readonly key: string; readonly untilMs: number }[];
}

export const EMPTY_REGISTRY_STATE: RegistryState = { actors: [], removed: [] };

const FORMAT_VERSION = 1;

interface StateFile {
  readonly version: number;
  readonly actors: readonly { readonly id: string; readonly request: string }[];
  readonly removed: readonly { readonly id: string; readonly untilMs: number }[];
}

/** `<dir>/<key file name without extension>.registry.json`, next to the key file it belongs to. */
export function registryStatePath(keyFile: string): string {
  const { dir, name } = parse(keyFile);
  return join(dir, `${name}.registry.json`);
}

function isStateFile(value: unknown): value is StateFile {
  if (typeof value !== "object" || value === null) return false;
  const file = value as Partial<StateFile>;
  return (
    file.version === FORMAT_VERSION &&
    Array.isArray(file.actors) &&
    file.actors.every((actor) => typeof actor?.id === "string" && typeof actor.request === "string") &&
    Array.isArray(file.removed) &&
    file.removed.every((entry) => typeof entry?.id === "string" && typeof entry.untilMs === "number")
  );
}

/** Reads the state saved by a previous run; a missing file is an empty registry. */
export function loadRegistryState(path: string): RegistryState {
  if (!existsSync(path)) return EMPTY_REGISTRY_STATE;
  const fix = "fix or delete it (registered actors must then register again)";
  let file: unknown;
  try {
    file = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`Cannot read the signaling registry state ${path}: ${(error as Error).message}; ${fix}`);
  }
  if (!isStateFile(file)) {
    throw new Error(`Signaling registry state ${path} is not a version ${FORMAT_VERSION} state file; ${fix}`);
  }
  try {
    return {
      actors: file.actors.map((actor) => ({
        id: parseActrId(actor.id),
        registration: registrationFromRequest(
          decodeComplete(RegisterRequestSchema, fromBase64(actor.request, `request of ${actor.id}`), `request of ${actor.id}`),
        ),
      })),
      removed: file.removed.map((entry) => ({ key: entry.id, untilMs: entry.untilMs })),
    };
  } catch (error) {
    throw new Error(`Signaling registry state ${path} holds a bad entry: ${(error as Error).message}; ${fix}`);
  }
}

/** Writes `state` to a temporary file and renames it over `path`, so a crash never leaves half a file. */
export function saveRegistryState(path: string, state: RegistryState): void {
  const file: StateFile = {
    version: FORMAT_VERSION,
    actors: state.actors.map(({ id, registration }) => ({
      id: actrIdToString(id),
      request: toBase64(toBinary(RegisterRequestSchema, registrationToRequest(registration))),
    })),
    removed: state.removed.map(({ key, untilMs }) => ({ id: key, untilMs })),
  };
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(file)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}
