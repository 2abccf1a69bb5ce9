// Starting a project's build server in the background: by `layermake server start`,
// and by `build` itself, which starts one after a successful build when none runs,
// the way Bazel's and Gradle's clients start theirs, so that the next build after an
// edit runs warm without anyone having to ask. It stops on its own after a while idle.
// Not in CI (the CI variable set), where each build should leave nothing behind, and
// not with LAYERMAKE_SERVER=off.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { readBuildLine, type Invocation } from './buildLine.js';

export const DEFAULT_IDLE_MINUTES = 30;

export interface LaunchOptions {
  root: string;
  layerfile: string;
  idleMinutes: number;
  jobs?: number;
}

/** Spawns `layermake server run` detached, its output going to .layermake/server.log. */
export function launchServer(options: LaunchOptions): { child: ChildProcess; log: string } {
  mkdirSync(join(options.root, '.layermake'), { recursive: true });
  const log = join(options.root, '.layermake', 'server.log');
  const output = openSync(log, 'a');
  const args = [process.argv[1], 'server', 'run', '-f', options.layerfile, '--idle-timeout', String(options.idleMinutes)];
  if (options.jobs) args.push('--jobs', String(options.jobs));
  const child = spawn(process.execPath, args, { cwd: options.root, detached: true, stdio: ['ignore', output, output] });
  child.unref();
  return { child, log };
}

/**
 * After a successful build in this process, which means no server answered it:
 * starts the project's server, if wanted. (A socket file left by a killed server
 * is the new server's to remove; two builds racing here start one server.)
 */
export function startServerAfterBuild(invocation: Invocation, env: NodeJS.ProcessEnv = process.env): void {
  if (env.CI || env.LAYERMAKE_SERVER === 'off') return;
  const line = readBuildLine(invocation);
  if (!line) return;
  launchServer({ root: line.root, layerfile: line.layerfile, idleMinutes: DEFAULT_IDLE_MINUTES, jobs: line.jobs });
  process.stderr.write(
    `layermake: started a build server that keeps this project's next builds warm; it stops after ${DEFAULT_IDLE_MINUTES} minutes idle ` +
      '(`layermake server stop`; LAYERMAKE_SERVER=off builds without one)\n',
  );
}
