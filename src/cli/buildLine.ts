// A `build` command line read without yargs, for the two paths that answer a build
// before the CLI is loaded: the no-op stamp (upToDate.ts) and the build server
// (serverClient.ts). It understands the common spellings only; anything else is
// `undefined`, and the full CLI then reads the line (and explains what is wrong).

import { realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** A command line as typed, and the directory it was typed in. */
export interface Invocation {
  args: readonly string[];
  cwd: string;
}

/** This process's own, taken before `-C` changes the directory. */
export const thisInvocation: Invocation = { args: process.argv.slice(2), cwd: process.cwd() };

export interface BuildLine {
  /** The directory after -C. */
  dir: string;
  /** The Layerfile, absolute. */
  layerfile: string;
  /** The project root (the Layerfile's directory), with symbolic links resolved. */
  root: string;
  images: string[];
  jobs?: number;
  cacheDir?: string;
  keepGoing: boolean;
  explain: boolean;
  verbose: boolean;
  json: boolean;
}

const VALUE_OPTIONS = new Set(['-C', '-f', '--file', '-j', '--jobs', '--cache-dir']);
const FLAGS: Record<string, 'keepGoing' | 'explain' | 'verbose' | 'json'> = {
  '-k': 'keepGoing',
  '--keep-going': 'keepGoing',
  '--explain': 'explain',
  '-v': 'verbose',
  '--verbose': 'verbose',
  '--json': 'json',
};

export function readBuildLine({ args, cwd }: Invocation): BuildLine | undefined {
  let dir = cwd;
  let layerfile = 'Layerfile';
  const line: Omit<BuildLine, 'dir' | 'layerfile' | 'root'> = { images: [], keepGoing: false, explain: false, verbose: false, json: false };
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (VALUE_OPTIONS.has(arg)) {
      const value = args[++i];
      if (value === undefined || value.startsWith('-')) return undefined;
      if (arg === '-C') dir = resolve(dir, value);
      else if (arg === '-f' || arg === '--file') layerfile = value;
      else if (arg === '--cache-dir') line.cacheDir = value;
      else if (/^[1-9]\d*$/.test(value)) line.jobs = Number(value);
      else return undefined;
    } else if (FLAGS[arg]) {
      line[FLAGS[arg]] = true;
    } else if (arg.startsWith('-')) {
      return undefined;
    } else {
      positionals.push(arg);
    }
  }
  if (positionals[0] !== 'build') return undefined;
  const path = resolve(dir, layerfile);
  // Paths stay as typed (diagnostics show them so); only the root is canonical, for naming the server.
  const cacheDir = line.cacheDir === undefined ? undefined : resolve(dir, line.cacheDir);
  return { ...line, cacheDir, images: positionals.slice(1), dir, layerfile: path, root: projectRootOf(path) };
}

/**
 * A project's root as the build server's socket is named after it: the Layerfile's
 * directory with symbolic links resolved.
 */
export function projectRootOf(layerfile: string): string {
  return canonicalDir(dirname(layerfile));
}

/** A directory with symbolic links resolved (as typed, if it cannot be resolved). */
export function canonicalDir(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}
