import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, readdirSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { ContentStore, sha256 } from '../../src/cache/store.js';

let dir: string;
let storeModule: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layermake-cache-'));
  // Child processes need plain JS: bundle the store the way dist/ would.
  storeModule = join(dir, 'store.mjs');
  buildSync({ entryPoints: ['src/cache/store.ts'], bundle: true, platform: 'node', format: 'esm', outfile: storeModule, logLevel: 'silent' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(script: string): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
    child.on('exit', (code) => resolve(code));
  });
}

describe('content store', () => {
  test('round-trips blobs by action key, and counts hits and misses', () => {
    const store = new ContentStore(join(dir, 'a'));
    expect(store.getAction('k1')).toBeUndefined();
    store.putAction('k1', Buffer.from('hello'));
    expect(store.getAction('k1')?.toString()).toBe('hello');
    expect(store.counters).toEqual({ hits: 1, misses: 1, corrupt: 0 });
    expect(store.stats()).toEqual({ entries: 1, bytes: 5 });
  });

  test('a remembering store (the build server) notices a blob pruned after it saw it on disk', () => {
    const writer = new ContentStore(join(dir, 'r'));
    const hash = writer.putAction('k', Buffer.from('pruned later'));
    const store = new ContentStore(join(dir, 'r'), { remember: true });
    expect(store.lookupAction('k')).toBe(hash);
    expect(store.lookupAction('k')).toBe(hash);
    writer.prune(0);
    // The build that needs the bytes finds them gone and starts over; then the key is a miss.
    expect(store.readBlob(hash)).toBeUndefined();
    expect(store.lookupAction('k')).toBeUndefined();
  });

  test('a truncated blob is detected, dropped and reported', () => {
    const store = new ContentStore(join(dir, 'b'));
    store.putAction('k', Buffer.from('some longer content'));
    const hash = sha256('some longer content');
    truncateSync(join(dir, 'b', 'objects', hash.slice(0, 2), hash), 4);
    expect(store.getAction('k')).toBeUndefined();
    expect(store.warnings[0]).toMatch(/corrupt/);
    expect(store.getAction('k')).toBeUndefined(); // gone for good, a plain miss now
    expect(store.counters.corrupt).toBe(1);
  });

  test('prune removes least recently used blobs first', async () => {
    const store = new ContentStore(join(dir, 'c'));
    store.putAction('old', Buffer.alloc(100, 1));
    await new Promise((r) => setTimeout(r, 20));
    store.putAction('new', Buffer.alloc(100, 2));
    expect(store.prune(150)).toEqual({ removed: 1, freed: 100 });
    expect(store.getAction('old')).toBeUndefined();
    expect(store.getAction('new')?.length).toBe(100);
  });

  test('two processes writing the same keys at once never leave a corrupt or partial entry', async () => {
    const shared = join(dir, 'd');
    const writer = (seed: number) => `
      import { ContentStore } from ${JSON.stringify(storeModule)};
      const store = new ContentStore(${JSON.stringify(shared)});
      for (let i = 0; i < 300; i++) {
        const key = 'key' + (i % 50);
        store.putAction(key, Buffer.alloc(4096 + (i % 7), (i % 50)));
        const got = store.getAction(key);
        if (got && got[0] !== (i % 50)) process.exit(3);
      }
      if (store.counters.corrupt) process.exit(4);`;
    const codes = await Promise.all([run(writer(1)), run(writer(2))]);
    expect(codes).toEqual([0, 0]);
    const store = new ContentStore(shared);
    for (let i = 0; i < 50; i++) expect(store.getAction('key' + i)?.[0]).toBe(i);
    expect(store.counters.corrupt).toBe(0);
  });

  test('a writer killed with SIGKILL mid-way leaves only whole entries', async () => {
    const shared = join(dir, 'e');
    const child = spawn(process.execPath, ['--input-type=module', '-e', `
      import { ContentStore } from ${JSON.stringify(storeModule)};
      const store = new ContentStore(${JSON.stringify(shared)});
      for (let i = 0; ; i++) {
        store.putAction('k' + (i % 200), Buffer.alloc(65536, i % 251));
        if (i === 10) process.stdout.write('writing\\n');
      }`]);
    // Killed once it is surely writing, however slowly the machine started it.
    await new Promise((r) => child.stdout.once('data', r));
    await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const store = new ContentStore(shared);
    for (let i = 0; i < 200; i++) {
      const blob = store.getAction('k' + i);
      if (blob) expect(blob.length).toBe(65536);
    }
    expect(store.counters.corrupt).toBe(0);
    // leftovers of the killed writer are temporary files, never entries
    for (const shard of readdirSync(join(shared, 'objects'))) {
      for (const name of readdirSync(join(shared, 'objects', shard))) {
        expect(name.endsWith('.tmp') || /^[0-9a-f]{64}$/.test(name)).toBe(true);
      }
    }
  });
});
