import { readdirSync, watch } from "node:fs";
import type { FSWatcher } from "node:fs";
import { join } from "node:path";
import { CliError } from "../cli-error.js";
import { generate } from "./generate.js";
import type { GenerateOptions, GenerateResult } from "./generate.js";

/** The outcome of one generation: its result, or the error it stopped with. */
export type WatchRun = { readonly ok: true; readonly result: GenerateResult } | { readonly ok: false; readonly error: unknown };

export interface WatchOptions {
  /** Stops watching; the promise of watchProtos resolves once a running generation has finished. */
  readonly signal: AbortSignal;
  /** Called after every generation, the first one included. */
  readonly onRun: (run: WatchRun) => void;
  /** Quiet time after the last change before generating (editors write a file in several steps). */
  readonly debounceMs?: number;
}

const DEFAULT_DEBOUNCE_MS = 100;

/**
 * `actr gen --watch`: generates once, then again whenever a .proto file under the input folder
 * changes. Errors go to `onRun` and watching goes on, so the next save can fix them.
 */
export async function watchProtos(options: GenerateOptions, { signal, onRun, debounceMs = DEFAULT_DEBOUNCE_MS }: WatchOptions): Promise<void> {
  if (signal.aborted) return;
  const run = async (): Promise<void> => {
    onRun(await generate(options).then(
      (result) => ({ ok: true, result }) as const,
      (error: unknown) => ({ ok: false, error }) as const,
    ));
  };
  let timer: NodeJS.Timeout | undefined;
  // Runs are chained so that two generations never write the output folder at the same time.
  let running = Promise.resolve();
  const stopped = new Promise<void>((resolve, reject) => {
    // Watching starts before the first run, so that a save during it is not missed.
    const tree = watchTree(
      options.input,
      (file) => {
        // No file name (the platform gave none, or a folder appeared): it may concern a proto.
        if (file !== undefined && !file.endsWith(".proto")) return;
        clearTimeout(timer);
        timer = setTimeout(() => (running = running.then(run)), debounceMs);
      },
      (error) => reject(new CliError(`Stopped watching ${options.input}: ${error.message}; pass --input <folder holding your .proto files>`)),
    );
    signal.addEventListener("abort", () => {
      tree.close();
      resolve();
    }, { once: true });
  });
  running = run();
  try {
    await stopped;
  } finally {
    clearTimeout(timer);
    await running;
  }
}

/**
 * Watches every folder under `root` with its own watcher. A recursive fs.watch on Linux (Node 20)
 * loses a file once an editor saves it by renaming a new file over it; a folder watcher does not.
 */
function watchTree(root: string, onChange: (file: string | undefined) => void, onError: (error: Error) => void): { close(): void } {
  const watchers = new Map<string, FSWatcher>();
  const close = (): void => {
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
  };
  const fail = (error: unknown): void => {
    close();
    onError(error instanceof Error ? error : new Error(String(error)));
  };
  const sync = (initial = false): void => {
    let folders: Set<string>;
    try {
      folders = new Set(subfolders(root));
    } catch (error) {
      return fail(error);
    }
    for (const [folder, watcher] of watchers) {
      if (!folders.has(folder)) {
        watcher.close();
        watchers.delete(folder);
      }
    }
    for (const folder of folders) {
      if (watchers.has(folder)) continue;
      try {
        const watcher = watch(folder, (event, name) => {
          // A rename may add or remove a folder.
          if (event === "rename") sync();
          onChange(name === null ? undefined : join(folder, name));
        });
        watcher.on("error", fail);
        watchers.set(folder, watcher);
        // Files may have been written into a new folder before its watcher existed.
        if (!initial) onChange(undefined);
      } catch (error) {
        // A subfolder may vanish between listing and watching; the root may not.
        if (folder === root) return fail(error);
      }
    }
  };
  sync(true);
  return { close };
}

/** `root` and every folder below it; folders that vanish while walking are skipped. */
function subfolders(root: string): string[] {
  const found = [root];
  for (const folder of found) {
    try {
      for (const entry of readdirSync(folder, { withFileTypes: true })) if (entry.isDirectory()) found.push(join(folder, entry.name));
    } catch (error) {
      if (folder === root) throw error;
    }
  }
  return found;
}
