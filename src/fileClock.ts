// File timestamps come from a coarse clock (the kernel's tick, not the wall clock),
// so a file written within a few milliseconds of a moment may carry an mtime from
// before it. Whoever trusts an mtime to say "unchanged since I read it" (the no-op
// stamp, the build server's memos) must not trust one this close to the read: such
// a file is read again next time, as git treats its "racily clean" entries.

import { statSync } from 'node:fs';

const RACY_MS = 50;

/** Whether a file with this mtime may have changed around `readAt` (Date.now()) without its mtime showing it. */
export function tooFreshToTrust(mtimeMs: number, readAt: number): boolean {
  return mtimeMs >= readAt - RACY_MS;
}

/** A path's mtime and size when recorded ([-1, -1] when it did not exist), to tell later whether it moved. */
export type FileStamp = [path: string, mtimeMs: number, size: number];

export function stampOf(path: string): FileStamp {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? [path, stat.mtimeMs, stat.size] : [path, -1, -1];
}

/** Whether every path still has the mtime and size (or the absence) it was stamped with. */
export function unchanged(stamps: readonly FileStamp[]): boolean {
  return stamps.every(([path, mtimeMs, size]) => {
    const [, nowMtime, nowSize] = stampOf(path);
    return nowMtime === mtimeMs && nowSize === size;
  });
}
