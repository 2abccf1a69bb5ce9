// The bytes and hashes of the files a build reads. Within one build each file is
// read once, so every job sees the same version of it. Across builds (a build server,
// `watch`) a FileHashCache keeps what was read, reused while the file's size, mtime
// and inode are unchanged, so that a rebuild after a one-file edit reads one file.

import { readFileSync, statSync, type Stats } from 'node:fs';
import { sha256 } from '../cache/store.js';
import { tooFreshToTrust } from '../fileClock.js';

export interface SourceFile {
  text: string;
  hash: string;
}

interface Remembered extends SourceFile {
  mtimeMs: number;
  size: number;
  ino: number;
}

export class FileHashCache {
  private readonly entries = new Map<string, Remembered>();

  lookup(path: string, stat: Stats): SourceFile | undefined {
    const entry = this.entries.get(path);
    return entry && entry.mtimeMs === stat.mtimeMs && entry.size === stat.size && entry.ino === stat.ino ? entry : undefined;
  }

  remember(path: string, stat: Stats, file: SourceFile, readAt: number): void {
    if (tooFreshToTrust(stat.mtimeMs, readAt)) this.entries.delete(path);
    else this.entries.set(path, { ...file, mtimeMs: stat.mtimeMs, size: stat.size, ino: stat.ino });
  }
}

/** One build's view of the files it reads. */
export class SourceFiles {
  private readonly memo = new Map<string, SourceFile | null>();

  constructor(private readonly cache?: FileHashCache) {}

  get(path: string): SourceFile | undefined {
    let entry = this.memo.get(path);
    if (entry === undefined) {
      entry = this.read(path) ?? null;
      this.memo.set(path, entry);
    }
    return entry ?? undefined;
  }

  private read(path: string): SourceFile | undefined {
    try {
      if (!this.cache) return this.hashed(readFileSync(path, 'utf8'));
      const readAt = Date.now();
      const stat = statSync(path);
      const known = this.cache.lookup(path, stat);
      if (known) return known;
      const file = this.hashed(readFileSync(path, 'utf8'));
      // The stat before the read: a change during the read shows as a newer mtime next time.
      this.cache.remember(path, stat, file, readAt);
      return file;
    } catch {
      return undefined;
    }
  }

  private hashed(text: string): SourceFile {
    return { text, hash: sha256(text) };
  }
}
