// Build outputs are written atomically and only when their bytes change, so a file
// on disk is always a whole image from some complete build, and an unchanged
// image keeps its timestamp (restat-style) for whatever watches it.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function writeIfChanged(path: string, data: Uint8Array): boolean {
  try {
    if (Buffer.compare(readFileSync(path), data) === 0) return false;
  } catch {
    // absent: write it
  }
  mkdirSync(dirname(path), { recursive: true });
  // Not node:crypto for the name: the command's entry writes stamps with this, and loading it costs its start.
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, path);
  return true;
}
