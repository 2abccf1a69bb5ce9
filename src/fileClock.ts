// File timestamps come from a coarse clock (the kernel's tick, not the wall clock),
// so a file written within a few milliseconds of a moment may carry an mtime from
// before it. Whoever trusts an mtime to say "unchanged since I read it" (the no-op
// stamp, the build server's memos) must not trust one this close to the read: such
// a file is read again next time, as git treats its "racily clean" entries.

const RACY_MS = 50;

/** Whether a file with this mtime may have changed around `readAt` (Date.now()) without its mtime showing it. */
export function tooFreshToTrust(mtimeMs: number, readAt: number): boolean {
  return mtimeMs >= readAt - RACY_MS;
}
