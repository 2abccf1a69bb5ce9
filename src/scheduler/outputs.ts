// Build outputs are written atomically and only when their bytes change, so a file
// on disk is always a whole image from some complete build, and an unchanged
// image keeps its timestamp (restat-style) for whatever watches it.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { temporaryFor } from '../temporaryName.js';

export function writeIfChanged(path: string, data: Uint8Array): boolean {
  try {
    if (Buffer.compare(readFileSync(path), data) === 0) return false;
  } catch {
    // absent: write it
  }
  mkdirSync(dirname(path), { recursive: true });
  const temp = temporaryFor(path);
  writeFileSync(temp, data);
  renameSync(temp, path);
  return true;
}
