// `layermake watch`: rebuild whenever a file the build depends on changes.
//
// We watch the DIRECTORIES that hold the build's inputs (not the files), and filter
// events by path: editors save atomically (write a temporary file, rename it over
// the original; or unlink then add), and files appear and disappear, all of which a
// per-file watch would lose track of. Events are debounced, and a change that
// arrives during a build schedules exactly one more build after it.

import { watch, type FSWatcher } from 'chokidar';
import { dirname, resolve } from 'node:path';

export interface WatchLoop {
  /** Stops watching; resolves when the last build has finished. */
  close(): Promise<void>;
  /** Resolves after the build in progress (if any) and any build it scheduled are done. */
  idle(): Promise<void>;
}

export interface WatchOptions {
  /** Runs one build and returns every file it depends on (sources, headers, Layerfiles). */
  build: (changed: string[]) => Promise<string[]>;
  debounceMs?: number;
  /** Told, after each build, once the watcher follows its inputs: changes from now on are seen. */
  onWatching?: (files: number) => void;
}

export async function watchAndBuild(options: WatchOptions): Promise<WatchLoop> {
  const debounceMs = options.debounceMs ?? 50;
  let watched = new Set<string>();
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let pending = new Set<string>();
  let building: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const runBuild = async (changed: string[]): Promise<void> => {
    const inputs = await options.build(changed);
    if (closed) return;
    await follow(inputs);
    options.onWatching?.(watched.size);
  };

  const follow = async (inputs: string[]) => {
    watched = new Set(inputs.map((path) => resolve(path)));
    const dirs = new Set([...watched].map((path) => dirname(path)));
    if (!watcher) {
      watcher = watch([...dirs], { depth: 0, ignoreInitial: true, atomic: true });
      watcher.on('all', (_event, path) => onChange(resolve(path)));
      await new Promise<void>((ready) => watcher!.once('ready', () => ready()));
    } else {
      const current = new Set(Object.keys(watcher.getWatched()).map((d) => resolve(d)));
      const added = [...dirs].filter((d) => !current.has(d));
      if (added.length) watcher.add(added);
    }
  };

  const onChange = (path: string) => {
    if (closed || !watched.has(path)) return;
    pending.add(path);
    clearTimeout(timer);
    timer = setTimeout(kick, debounceMs);
  };

  const kick = () => {
    if (building) {
      again = true;
      return;
    }
    const changed = [...pending];
    pending = new Set();
    building = runBuild(changed).finally(() => {
      building = undefined;
      if (again && !closed) {
        again = false;
        kick();
      }
    });
  };

  building = runBuild([]).finally(() => {
    building = undefined;
  });
  await building;

  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await building;
      await watcher?.close();
    },
    async idle() {
      while (building) await building;
    },
  };
}
