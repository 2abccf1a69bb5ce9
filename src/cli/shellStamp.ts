// The no-op stamp once more, for bin/layermake, the POSIX sh front of the command:
// Node's own start takes longer than make's whole no-op, so a `build` with nothing to
// do is answered before Node starts. The file, .layermake/up-to-date.sh in the
// directory the build was typed in, holds
//   layermake up-to-date 1          (the format)
//   build mcertikos                 (the command line, "$*" as sh joins it)
//   layermake: build ok in …        (what to print)
//   path NUL path NUL …             (every input, output and searched directory,
//                                    and layermake's own code)
// and its own mtime is the moment the build was stamped. bin/layermake answers when
// `find PATHS -prune -cnewer STAMP -print -quit` finds none: no path's inode changed since (a
// write, a rename over it, a chmod; a new or removed entry in a directory), and
// none is missing. A change time cannot be set back the way an mtime can. Anything
// it cannot read that way gets no shell stamp and goes to Node (upToDate.ts).

import { existsSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { packageRoot } from '../packageRoot.js';
import { temporaryFor } from '../temporaryName.js';
import { canonicalDir, type Invocation } from './buildLine.js';
import type { FileStamp } from '../fileClock.js';

const FORMAT = 'layermake up-to-date 1';

/** Arguments sh's "$*" joins unambiguously, and paths a NUL-separated list carries. */
const PLAIN_ARG = /^[A-Za-z0-9._/=:+,@%-]+$/;

export function shellStampPath(cwd: string): string {
  return join(cwd, '.layermake', 'up-to-date.sh');
}

/**
 * Writes the shell stamp after a successful build whose stamp upToDate.ts wrote, if
 * the sh front can check it: typed in the project root itself, plain arguments,
 * every path present. `files` were stamped just now, and are known not to have moved
 * since the build read them (upToDate.ts checks their mtimes against its start).
 */
export function writeShellStamp(invocation: Invocation, root: string, files: readonly FileStamp[], summary: string): void {
  const path = shellStampPath(invocation.cwd);
  dropShellStamp(invocation);
  if (canonicalDir(invocation.cwd) !== root || !invocation.args.every((arg) => PLAIN_ARG.test(arg))) return;
  if (files.some(([file, mtimeMs]) => mtimeMs < 0 || !isAbsolute(file) || file.includes('\0'))) return;
  // Sources first: the front's find stops at the first path that moved, most often an edited source.
  const paths = [...files.map(([file]) => file).sort((a, b) => rank(a) - rank(b)), ...ownCode()];
  const text = `${FORMAT}\n${invocation.args.join(' ')}\n${summary}\n${paths.join('\0')}`;
  const temp = temporaryFor(path);
  writeFileSync(temp, text);
  // File times come from a coarse clock, and -cnewer is strict: a change in the same
  // tick as the stamp would not be newer than it. So the stamp speaks for a moment
  // just before the clock reading its own write got, and any change from now on is
  // after it; then nothing may have moved since `files` were stamped, nor changed
  // after that moment (an output written this very tick: no stamp this time).
  const moment = (statSync(temp).mtimeMs - CLOCK_MARGIN_MS) / 1000;
  utimesSync(temp, moment, moment);
  if (asStampedBefore(files, paths, moment * 1000)) renameSync(temp, path);
  else unlinkSync(temp);
}

const CLOCK_MARGIN_MS = 1;

function asStampedBefore(files: readonly FileStamp[], paths: readonly string[], momentMs: number): boolean {
  const stamped = new Map(files.map(([file, mtimeMs, size]) => [file, { mtimeMs, size }]));
  return paths.every((file) => {
    const now = statSync(file, { throwIfNoEntry: false });
    const then = stamped.get(file);
    return now !== undefined && now.ctimeMs <= momentMs && (!then || (now.mtimeMs === then.mtimeMs && now.size === then.size));
  });
}

const rank = (file: string) => (/\.[cSs]$/.test(file) ? 0 : file.endsWith('.h') ? 1 : 2);

export function dropShellStamp(invocation: Invocation): void {
  try {
    unlinkSync(shellStampPath(invocation.cwd));
  } catch {
    // there was none
  }
}

/**
 * layermake's own files: another layermake answers otherwise (the Node stamp keys on
 * its build id). The same for the life of the process (a build server's, say).
 */
let ownFiles: string[] | undefined;
function ownCode(): string[] {
  if (ownFiles) return ownFiles;
  const root = packageRoot();
  const files = [join(root, 'bin', 'layermake.js'), join(root, 'dist', 'cli.js')];
  const sources = join(root, 'dist', 'sources.json');
  // A checkout: bin/layermake.js rebuilds dist/ when a source moved, and so must this stamp give way.
  if (existsSync(join(root, 'src')) && existsSync(sources)) {
    files.push(sources);
    for (const [file] of JSON.parse(readFileSync(sources, 'utf8')) as [string, number][]) files.push(join(root, file));
  }
  return (ownFiles = files);
}
