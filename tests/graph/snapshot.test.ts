// A loaded project saved for the next process: it answers exactly as a fresh load
// while the files the loader looked at are unchanged, and never once one changed.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadLayerfile } from '../../src/graph/load.js';
import { loadLayerfileSnapshotted, type SnapshotStore } from '../../src/graph/snapshot.js';

const repo = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'layermake-snapshot-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A store in memory that counts its writes: a load answered by the snapshot writes nothing. */
function memoryStore(): SnapshotStore & { writes: number } {
  let bytes: Uint8Array | undefined;
  return {
    writes: 0,
    read: () => bytes,
    write(data) {
      bytes = data;
      this.writes++;
    },
  };
}

function copy(name: string, from: string): string {
  const dir = join(work, name);
  cpSync(from, dir, { recursive: true });
  return join(dir, 'Layerfile');
}

describe('project snapshots', () => {
  test('the bundled kernel: a snapshot answers exactly as a fresh load', () => {
    const layerfile = join(repo, 'Layerfile');
    const store = memoryStore();
    const first = loadLayerfileSnapshotted(layerfile, 'k', store);
    const again = loadLayerfileSnapshotted(layerfile, 'k', store);
    expect(store.writes).toBe(1);
    const fresh = loadLayerfile(layerfile);
    expect(again.project).toEqual(fresh.project);
    expect(again.diagnostics).toEqual(fresh.diagnostics);
    expect(first.project).toEqual(fresh.project);
    const graph = again.graph!;
    for (const layer of graph.layersBottomUp()) {
      expect(graph.moduleInterface(layer, true)).toEqual(fresh.graph!.moduleInterface(layer, true));
    }
    expect(graph.testImages()).toEqual(fresh.graph!.testImages());
  });

  test('another key (another layermake, directory or Layerfile) loads afresh', () => {
    const layerfile = copy('key', join(repo, 'examples', 'tower'));
    const store = memoryStore();
    loadLayerfileSnapshotted(layerfile, 'one', store);
    loadLayerfileSnapshotted(layerfile, 'two', store);
    expect(store.writes).toBe(2);
  });

  test("a module's own source is no dependency of the project: editing it keeps the snapshot", () => {
    const layerfile = copy('source', join(repo, 'examples', 'tower'));
    const store = memoryStore();
    loadLayerfileSnapshotted(layerfile, 'k', store);
    const source = join(work, 'source', 'kernel', 'kernel.c');
    writeFileSync(source, readFileSync(source, 'utf8') + '\n/* edited */\n');
    loadLayerfileSnapshotted(layerfile, 'k', store);
    expect(store.writes).toBe(1);
  });

  test('a changed prototype in an export.h is seen', () => {
    const layerfile = copy('prototype', join(repo, 'examples', 'tower'));
    const store = memoryStore();
    const before = loadLayerfileSnapshotted(layerfile, 'k', store);
    const header = join(work, 'prototype', 'console', 'export.h');
    const text = readFileSync(header, 'utf8');
    expect(text).toMatch(/void console_puts\(const char \*\w+\);/);
    writeFileSync(header, text.replace(/void console_puts\(const char \*(\w+)\);/, 'void console_puts(const char *$1, u32 length);'));
    const after = loadLayerfileSnapshotted(layerfile, 'k', store);
    expect(store.writes).toBe(2);
    const prototype = (result: typeof before) => result.project!.layers.get('Console')!.fresh.find((p) => p.name === 'console_puts')!.prototype;
    expect(prototype(before)).not.toContain('length');
    expect(prototype(after)).toContain('u32 length');
  });

  test('a module that disappeared is reported, not answered from the snapshot', () => {
    const layerfile = copy('removed', join(repo, 'examples', 'tower'));
    const store = memoryStore();
    loadLayerfileSnapshotted(layerfile, 'k', store);
    rmSync(join(work, 'removed', 'console', 'console.c'));
    const after = loadLayerfileSnapshotted(layerfile, 'k', store);
    expect(after.project).toBeUndefined();
    expect(after.diagnostics.map((d) => d.message).join('\n')).toMatch(/console\.c.* does not exist/);
  });

  test('a damaged snapshot is ignored', () => {
    const layerfile = copy('damaged', join(repo, 'examples', 'tower'));
    const store = memoryStore();
    loadLayerfileSnapshotted(layerfile, 'k', store);
    const damaged: SnapshotStore = { read: () => Buffer.from('not a snapshot'), write: () => {} };
    expect(loadLayerfileSnapshotted(layerfile, 'k', damaged).project).toEqual(loadLayerfile(layerfile).project);
  });
});
