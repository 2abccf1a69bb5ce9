// The no-op fast path of `layermake build`, the way make and ninja answer "nothing to
// do": after a successful build the CLI stamps the size and mtime of every file the
// build read and wrote and of every directory it searched; the next `build` with the
// same command line compares them before loading anything else (no yargs, no YAML, no
// graph, no cache) and, when nothing moved, prints what the full build would print.
// Anything else (no stamp, another layermake, another command line, any stat that
// differs) falls through to the full build, which is correct on its own: the stamp
// only ever saves work, it never decides an output.

import { readFileSync, unlinkSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { BUILD_ID } from '../version.js';
import { writeIfChanged } from '../scheduler/outputs.js';
import { readBuildLine, type Invocation } from './buildLine.js';
import { stampOf, tooFreshToTrust, unchanged, type FileStamp } from '../fileClock.js';
import { dropShellStamp, writeShellStamp } from './shellStamp.js';

interface Stamp {
  key: string;
  /**
   * Every input and output file, and every directory an input was found in or
   * searched (a new file there may shadow one).
   */
  files: FileStamp[];
  /** Every job of the build: a rebuild that finds nothing to do finds them all cached. */
  jobs: number;
  /** The warnings the full build printed, as it printed them. */
  stderr: string;
}

interface PlainBuild {
  stampPath: string;
  key: string;
  root: string;
}

/** A `build` whose output the stamp can reproduce: not --json, -v or --explain, which print per job. */
function plainBuild(invocation: Invocation): PlainBuild | undefined {
  const line = readBuildLine(invocation);
  if (!line || line.json || line.verbose || line.explain) return undefined;
  return {
    stampPath: join(line.root, '.layermake', 'up-to-date.json'),
    key: JSON.stringify([BUILD_ID, invocation.cwd, invocation.args]),
    root: line.root,
  };
}

/** Answers `build` from its stamp when nothing changed; false means: run the real build. */
export function answerFromStamp(invocation: Invocation): boolean {
  const started = performance.now();
  const plain = plainBuild(invocation);
  if (!plain) return false;
  let stamp: Stamp;
  try {
    stamp = JSON.parse(readFileSync(plain.stampPath, 'utf8')) as Stamp;
  } catch {
    return false;
  }
  if (stamp.key !== plain.key || !unchanged(stamp.files)) return false;
  process.stderr.write(stamp.stderr);
  process.stdout.write(upToDateLine(performance.now() - started, stamp.jobs) + '\n');
  // The sh front did not answer (no shell stamp, or only a change time moved): let it next time.
  if (!stamp.stderr) writeShellStamp(invocation, plain.root, stamp.files, upToDateLine(0, stamp.jobs));
  return true;
}

/** What a build that finds every job cached and every image written prints. */
function upToDateLine(ms: number, jobs: number): string {
  return `layermake: build ok in ${(ms / 1000).toFixed(2)}s (0 ran, ${jobs} cached), images up to date`;
}

/** A full build is starting: whatever it finds, the old stamp no longer speaks for the outputs. */
export function dropStamp(invocation: Invocation): void {
  const plain = plainBuild(invocation);
  if (!plain) return;
  dropShellStamp(invocation);
  try {
    unlinkSync(plain.stampPath);
  } catch {
    // there was none
  }
}

export interface FinishedBuild {
  /** Date.now() when the build started. */
  startedAt: number;
  inputs: readonly string[];
  outputs: readonly string[];
  searchedDirs: readonly string[];
  jobs: number;
  stderr: string;
}

/** After a successful build: stamps it, unless a file moved too recently to trust. */
export function writeStamp(invocation: Invocation, build: FinishedBuild): void {
  const plain = plainBuild(invocation);
  if (!plain) return;
  // Headers layermake embeds (`<layermake>/stdarg.h`) are part of its build id, which is in the key.
  const inputs = build.inputs.filter((path) => isAbsolute(path));
  const dirs = new Set([...inputs.map((input) => dirname(input)), ...build.searchedDirs]);
  // Outputs were written by this very build: only what it read must be older than it.
  const trusted = (mtimeMs: number, path: string) => build.outputs.includes(path) || !tooFreshToTrust(mtimeMs, build.startedAt);
  const files = [...new Set([...inputs, ...build.outputs]), ...dirs].map(stampOf);
  if (files.some(([path, mtimeMs]) => (mtimeMs < 0 && !dirs.has(path)) || !trusted(mtimeMs, path))) return;
  const stamp: Stamp = { key: plain.key, files, jobs: build.jobs, stderr: build.stderr };
  writeIfChanged(plain.stampPath, Buffer.from(JSON.stringify(stamp)));
  // The sh front repeats no warnings: a build that printed some is answered by Node.
  if (!build.stderr) writeShellStamp(invocation, plain.root, files, upToDateLine(0, build.jobs));
}
