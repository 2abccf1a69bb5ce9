// Where a build's output goes: the process's own stdout and stderr, or, for a build
// the build server runs, a client's socket. `build` and what it calls write through
// this, never to process.stdout directly, so that the same code serves both.

import type { OutputStream } from '../scheduler/progress.js';

export interface Terminal {
  stdout: OutputStream;
  stderr: OutputStream;
}

export const processTerminal: Terminal = { stdout: process.stdout, stderr: process.stderr };
