// A loaded project, saved so that the next process can skip loading it. Reading a
// large Layerfile (the YAML with positions, the schema, paths, export.h prototypes)
// costs a fresh process far more than checking that nothing it looked at changed.
// The loader reaches files only through LayerfileFs, so recording every question it
// asked there (a file's bytes, whether a path is a file, whether it is a directory) is
// the project's complete list of dependencies: the snapshot holds while every
// question gets the same answer.

import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import type { Diagnostic } from '../diagnostics.js';
import { LayerGraph } from './layerGraph.js';
import { loadLayerfile, nodeFs, type LayerfileFs, type LoadResult } from './load.js';
import type { Project } from './model.js';

type Probe = ['read', string, string | null] | ['file', string, boolean] | ['dir', string, boolean];

interface Snapshot {
  /** Who loaded it, where from, and how paths were shown: the same load must give the same result. */
  key: string;
  probes: Probe[];
  project: Project;
  diagnostics: Diagnostic[];
}

const digest = (text: string | undefined) => (text === undefined ? null : createHash('sha256').update(text).digest('hex'));

/** The loader's file system, noting every question and its answer. */
function recording(fs: LayerfileFs, probes: Probe[]): LayerfileFs {
  return {
    readFile(path) {
      const text = fs.readFile(path);
      probes.push(['read', path, digest(text)]);
      return text;
    },
    isFile(path) {
      const answer = fs.isFile(path);
      probes.push(['file', path, answer]);
      return answer;
    },
    isDirectory(path) {
      const answer = fs.isDirectory(path);
      probes.push(['dir', path, answer]);
      return answer;
    },
  };
}

function stillHolds(probes: Probe[]): boolean {
  return probes.every(([kind, path, answer]) =>
    kind === 'read' ? digest(nodeFs.readFile(path)) === answer : kind === 'file' ? nodeFs.isFile(path) === answer : nodeFs.isDirectory(path) === answer,
  );
}

export interface SnapshotStore {
  read(): Uint8Array | undefined;
  write(bytes: Uint8Array): void;
}

/**
 * loadLayerfile, answered from `store` when the snapshot there was taken with the
 * same key (say: layermake's build id, the Layerfile, the current directory) and the
 * files still answer as they did; otherwise loaded, and saved if it loaded cleanly.
 */
export function loadLayerfileSnapshotted(path: string, key: string, store: SnapshotStore): LoadResult {
  const saved = readSnapshot(store);
  if (saved && saved.key === key && stillHolds(saved.probes)) {
    // Its checks passed when it was taken, and they depend on nothing but the project.
    return { project: saved.project, graph: new LayerGraph(saved.project), diagnostics: saved.diagnostics };
  }
  const probes: Probe[] = [];
  const result = loadLayerfile(path, { fs: recording(nodeFs, probes) });
  if (result.project) store.write(serialize({ key, probes, project: result.project, diagnostics: result.diagnostics } satisfies Snapshot));
  return result;
}

function readSnapshot(store: SnapshotStore): Snapshot | undefined {
  const bytes = store.read();
  if (!bytes) return undefined;
  try {
    return deserialize(bytes) as Snapshot;
  } catch {
    return undefined; // truncated or from another Node: load afresh
  }
}
