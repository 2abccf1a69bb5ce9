// A content-addressed store on disk, safe to share between concurrent builds and to
// kill at any moment:
//   objects/<2 hex>/<sha256>   a blob, named by the hash of its own bytes
//   actions/<2 hex>/<key>      the sha256 of the blob an action key produced
// Every write goes to a temporary file in the same directory and is renamed into
// place (atomic on POSIX), so a reader sees a whole entry or none. Every read checks
// the blob's hash: a corrupt or truncated entry is dropped, reported, and rebuilt.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { temporaryFor } from '../temporaryName.js';

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface CacheCounters {
  hits: number;
  misses: number;
  corrupt: number;
}

/**
 * What a long-lived process (the build server) remembers of the store: action keys
 * it has resolved and blobs it has verified. Both are facts about content, true
 * whoever else writes to the store: a key names all of an action's inputs and the
 * tools are deterministic, and a blob is named by its own hash.
 */
interface Memory {
  pointers: Map<string, string>;
  blobs: Map<string, Buffer>;
  /** Blobs seen on disk whose bytes were not needed (a cached compile's AsmX, say). */
  present: Set<string>;
}

export class ContentStore {
  counters: CacheCounters = { hits: 0, misses: 0, corrupt: 0 };
  /** Messages about corrupt entries found (the caller shows them as warnings). */
  readonly warnings: string[] = [];
  private readonly memory: Memory | undefined;
  /** Entries being written in the background (putActionInBackground), served from here until they are on disk. */
  private readonly inFlight: Pick<Memory, 'pointers' | 'blobs'> = { pointers: new Map(), blobs: new Map() };
  private readonly writes: Promise<void>[] = [];
  /**
   * Shard directories this process made or found: a cold build writes hundreds of
   * entries, and a mkdir for each was a third of its cache-writing time.
   */
  private readonly madeDirs = new Set<string>();

  /** With `remember`, entries read or written once are served from memory after. */
  constructor(
    readonly dir: string,
    options: { remember?: boolean } = {},
  ) {
    this.memory = options.remember ? { pointers: new Map(), blobs: new Map(), present: new Set() } : undefined;
  }

  /** Counts from zero again (a long-lived store, at the start of each build). */
  resetCounters(): void {
    this.counters = { hits: 0, misses: 0, corrupt: 0 };
  }

  /** The blob an action key produced, verified, or undefined. */
  getAction(key: string): Buffer | undefined {
    const known = this.remembered(key);
    const knownBlob = known && this.rememberedBlob(known);
    if (knownBlob) {
      this.counters.hits++;
      return knownBlob;
    }
    const pointer = this.readFile(this.actionPath(key));
    if (pointer === undefined) return this.miss();
    const hash = pointer.toString('utf8');
    const valid = /^[0-9a-f]{64}$/.test(hash);
    const blob = valid ? this.readFile(this.objectPath(hash)) : undefined;
    if (blob === undefined && valid) {
      // Pruned since: an ordinary miss.
      rmSync(this.actionPath(key), { force: true });
      return this.miss();
    }
    if (blob === undefined || sha256(blob) !== hash) {
      this.counters.corrupt++;
      this.warnings.push(`cache entry ${key.slice(0, 12)} was corrupt and has been dropped; rebuilding it`);
      rmSync(this.actionPath(key), { force: true });
      if (valid) rmSync(this.objectPath(hash), { force: true });
      return this.miss();
    }
    this.touch(this.objectPath(hash));
    this.counters.hits++;
    this.remember(key, hash, blob);
    return blob;
  }

  /**
   * The hash of the blob an action key produced, without reading the blob: a build
   * whose later keys hit too never needs it. readBlob verifies it when it is needed.
   */
  lookupAction(key: string): string | undefined {
    const known = this.remembered(key);
    if (known && (this.rememberedBlob(known) || this.memory?.present.has(known) || existsSync(this.objectPath(known)))) {
      this.memory?.present.add(known);
      this.counters.hits++;
      return known;
    }
    const pointer = this.readFile(this.actionPath(key));
    const hash = pointer?.toString('utf8');
    if (hash === undefined || !/^[0-9a-f]{64}$/.test(hash) || !existsSync(this.objectPath(hash))) {
      if (pointer !== undefined) rmSync(this.actionPath(key), { force: true });
      return this.miss();
    }
    this.counters.hits++;
    this.remember(key, hash);
    this.memory?.present.add(hash);
    return hash;
  }

  /** A blob by its hash, verified; a corrupt one is dropped, reported, and read as absent. */
  readBlob(hash: string): Buffer | undefined {
    const known = this.rememberedBlob(hash);
    if (known) return known;
    const blob = this.readFile(this.objectPath(hash));
    // Gone since it was seen (pruned): the build that needs it starts over, and must look again.
    this.memory?.present.delete(hash);
    if (blob === undefined) return undefined;
    if (sha256(blob) !== hash) {
      this.counters.corrupt++;
      this.warnings.push(`cache entry ${hash.slice(0, 12)} was corrupt and has been dropped; rebuilding it`);
      rmSync(this.objectPath(hash), { force: true });
      return undefined;
    }
    this.touch(this.objectPath(hash));
    this.memory?.blobs.set(hash, blob);
    return blob;
  }

  /**
   * As putAction, but the files are written in the background, so that the thread
   * coordinating a build goes on starting jobs instead of waiting for the disk;
   * flush() waits for them. Meanwhile the entry is served from memory. A write that
   * fails costs only a later cache miss: it is reported as a warning.
   */
  putActionInBackground(key: string, blob: Uint8Array): string {
    const hash = sha256(blob);
    const bytes = Buffer.from(blob);
    this.inFlight.pointers.set(key, hash);
    this.inFlight.blobs.set(hash, bytes);
    this.remember(key, hash, bytes);
    const write = (async () => {
      try {
        await this.writeAtomicAsync(this.objectPath(hash), bytes);
        await this.writeAtomicAsync(this.actionPath(key), Buffer.from(hash, 'utf8'));
      } catch (err) {
        this.warnings.push(`could not write cache entry ${key.slice(0, 12)}: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        if (this.inFlight.pointers.get(key) === hash) this.inFlight.pointers.delete(key);
        this.inFlight.blobs.delete(hash);
      }
    })();
    this.writes.push(write);
    return hash;
  }

  /** Waits until every background write is on disk (or reported). */
  async flush(): Promise<void> {
    while (this.writes.length) await Promise.all(this.writes.splice(0));
  }

  /** Stores a blob under an action key; returns the blob's hash. */
  putAction(key: string, blob: Uint8Array): string {
    const hash = sha256(blob);
    this.writeAtomic(this.objectPath(hash), blob);
    this.writeAtomic(this.actionPath(key), Buffer.from(hash, 'utf8'));
    this.remember(key, hash, Buffer.from(blob));
    return hash;
  }

  private remembered(key: string): string | undefined {
    return this.inFlight.pointers.get(key) ?? this.memory?.pointers.get(key);
  }

  private rememberedBlob(hash: string): Buffer | undefined {
    return this.inFlight.blobs.get(hash) ?? this.memory?.blobs.get(hash);
  }

  private remember(key: string, hash: string, blob?: Buffer): void {
    if (!this.memory) return;
    this.memory.pointers.set(key, hash);
    if (blob) this.memory.blobs.set(hash, blob);
  }

  /** Entries (blobs) and their total size. */
  stats(): { entries: number; bytes: number } {
    let entries = 0;
    let bytes = 0;
    for (const { size } of this.blobs()) {
      entries++;
      bytes += size;
    }
    return { entries, bytes };
  }

  /** Removes least recently used blobs until the store holds at most maxBytes. */
  prune(maxBytes: number): { removed: number; freed: number } {
    const blobs = [...this.blobs()].sort((a, b) => a.used - b.used);
    let total = blobs.reduce((sum, blob) => sum + blob.size, 0);
    let removed = 0;
    let freed = 0;
    for (const blob of blobs) {
      if (total <= maxBytes) break;
      rmSync(blob.path, { force: true });
      total -= blob.size;
      freed += blob.size;
      removed++;
    }
    // Action pointers to removed blobs read as misses (and are dropped then).
    return { removed, freed };
  }

  private *blobs(): Generator<{ path: string; size: number; used: number }> {
    const root = join(this.dir, 'objects');
    for (const shard of safeReaddir(root)) {
      for (const name of safeReaddir(join(root, shard))) {
        const path = join(root, shard, name);
        if (name.endsWith('.tmp')) {
          removeIfStale(path);
          continue;
        }
        try {
          const st = statSync(path);
          yield { path, size: st.size, used: st.mtimeMs };
        } catch {
          // removed by a concurrent prune
        }
      }
    }
  }

  private miss(): undefined {
    this.counters.misses++;
    return undefined;
  }

  private actionPath(key: string): string {
    return join(this.dir, 'actions', key.slice(0, 2), key);
  }

  private objectPath(hash: string): string {
    return join(this.dir, 'objects', hash.slice(0, 2), hash);
  }

  private readFile(path: string): Buffer | undefined {
    try {
      return readFileSync(path);
    } catch {
      return undefined;
    }
  }

  private touch(path: string): void {
    const now = new Date();
    try {
      utimesSync(path, now, now);
    } catch {
      // a concurrent prune removed it after we read it: the bytes we hold are still good
    }
  }

  private writeAtomic(path: string, data: Uint8Array): void {
    const dir = dirOf(path);
    if (!this.madeDirs.has(dir)) mkdirSync(dir, { recursive: true });
    const temp = temporaryFor(path);
    try {
      writeFileSync(temp, data);
    } catch (err) {
      if (!isMissingDir(err, dir, this.madeDirs)) throw err;
      mkdirSync(dir, { recursive: true }); // removed under us (`layermake clean` beside a build server)
      writeFileSync(temp, data);
    }
    this.madeDirs.add(dir);
    renameSync(temp, path);
  }

  private async writeAtomicAsync(path: string, data: Uint8Array): Promise<void> {
    const dir = dirOf(path);
    if (!this.madeDirs.has(dir)) await mkdir(dir, { recursive: true });
    const temp = temporaryFor(path);
    try {
      await writeFile(temp, data);
    } catch (err) {
      if (!isMissingDir(err, dir, this.madeDirs)) throw err;
      await mkdir(dir, { recursive: true });
      await writeFile(temp, data);
    }
    this.madeDirs.add(dir);
    await rename(temp, path);
  }
}

function dirOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/'));
}

/** Whether a write failed because a directory we thought was there is gone (then it is forgotten). */
function isMissingDir(err: unknown, dir: string, madeDirs: Set<string>): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT' && madeDirs.delete(dir);
}

/** A writer killed mid-write leaves its temporary file; after an hour it is garbage. */
function removeIfStale(path: string): void {
  try {
    if (Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { force: true });
  } catch {
    // already gone
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
