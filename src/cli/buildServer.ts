// The build server: one long-lived process per project that runs the builds its
// clients hand it (serverClient.ts), so that a build after an edit pays neither for
// Node loading layermake nor for cold code: the workers stay up with the compiler
// loaded and optimised by the JIT, which is most of what a one-file rebuild costs
// in a fresh process. Builds run one at a time, exactly as `layermake build` would
// run them in the client's directory, with the client's output and exit status.

import { createServer, type Socket } from 'node:net';
import { existsSync, unlinkSync } from 'node:fs';
import { EXIT_CONFIG, EXIT_INTERNAL } from './exit.js';
import { internalErrorMessage } from './internalError.js';
import { readBuildLine } from './buildLine.js';
import { onJsonLines, serverSocketPath, talkToServer, type ServerReply, type ServerRequest, type ServerStatus } from './serverClient.js';
import { buildOptionsOf, runBuildCommand, type BuildContext } from './commands/build.js';
import { ProjectMemo } from './project.js';
import { WarmState } from '../scheduler/session.js';
import type { OutputStream } from '../scheduler/progress.js';
import { WorkerPool } from '../scheduler/pool.js';
import { warmUp } from './serverWarmUp.js';

export interface ServeOptions {
  root: string;
  /** The project's Layerfile, absolute: the server warms up on it. */
  layerfile: string;
  /** Stops after this long without a request. */
  idleMinutes: number;
  jobs?: number;
  /** Where the server notes each build it runs. */
  log: (line: string) => void;
}

/** Serves until stopped (a `stop` request, SIGINT/SIGTERM, the idle timeout, or its Layerfile gone). */
export async function serveBuilds(options: ServeOptions): Promise<void> {
  const path = serverSocketPath(options.root);
  if (await talkToServer(path, { kind: 'status' }, () => {})) {
    throw new ServerError(`a build server already runs for ${options.root}`);
  }
  try {
    unlinkSync(path); // left by a server that was killed
  } catch {
    // none
  }
  const pool = new WorkerPool(options.jobs, { keepWarm: true });
  const warm = { projects: new ProjectMemo(), session: new WarmState() };
  const status: ServerStatus = { pid: process.pid, root: options.root, socket: path, startedAt: Date.now(), builds: 0, idleMinutes: options.idleMinutes };
  let queue = Promise.resolve();
  let idleTimer: NodeJS.Timeout | undefined;
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const restartIdleTimer = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(stop, options.idleMinutes * 60_000);
  };

  const server = createServer((socket) => {
    readRequest(socket, (request) => {
      restartIdleTimer();
      if (request.kind === 'status') return send(socket, { status }, true);
      if (request.kind === 'stop') {
        send(socket, { stopping: true }, true);
        return stop();
      }
      // One build at a time; one that fails unexpectedly must not stop the builds queued after it.
      queue = queue
        .then(async () => {
          // The client hears its status as soon as there is one (runForClient), and
          // the next build waits until this one has finished its bookkeeping.
          await runForClient(request, socket, { pool, warm }, options.log);
          status.builds++;
          restartIdleTimer();
        })
        .catch((err) => {
          options.log(`internal error: ${err instanceof Error ? err.message : String(err)}`);
          socket.destroy();
        });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, resolve);
  });
  restartIdleTimer();
  // A project that was deleted (a scratch copy, a test's directory) has nothing more to build.
  const projectWatch = setInterval(() => existsSync(options.layerfile) || stop(), PROJECT_CHECK_MS);
  // Queued as a build is: the first real build waits for it rather than competing with it.
  queue = queue
    .then(() => warmUp(pool, warm, { file: options.layerfile, json: false, verbose: false }))
    .then(() => options.log('warmed up'))
    .catch((err) => options.log(`warm-up failed: ${err instanceof Error ? err.message : String(err)}`));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  options.log(`listening on ${path} (pid ${process.pid}); stops after ${options.idleMinutes} minutes idle`);
  await stopped;
  clearTimeout(idleTimer);
  clearInterval(projectWatch);
  server.close();
  await queue;
  await pool.close();
  options.log('stopped');
}

export class ServerError extends Error {}

const PROJECT_CHECK_MS = 10_000;

/** One build, as the client would have run it: its directory, its cache directory, its terminal; the client hears its exit status as soon as there is one. */
async function runForClient(
  request: Extract<ServerRequest, { kind: 'build' }>,
  socket: Socket,
  { pool, warm }: { pool: WorkerPool; warm: BuildContext['warm'] },
  log: (line: string) => void,
): Promise<void> {
  const started = performance.now();
  const line = readBuildLine(request.invocation);
  if (!line) {
    send(socket, { err: 'layermake: error: the build server cannot read this command line\n' });
    send(socket, { exit: EXIT_CONFIG }, true);
    return;
  }
  const stream = (key: 'out' | 'err'): OutputStream => ({
    write: (text: string) => send(socket, { [key]: text } as ServerReply),
    isTTY: key === 'out' && request.stdout.isTTY,
    columns: request.stdout.columns,
  });
  const argv = buildOptionsOf(line);
  const home = process.cwd();
  const serverCacheDir = process.env.LAYERMAKE_CACHE_DIR;
  setEnv('LAYERMAKE_CACHE_DIR', request.cacheDirEnv);
  let exit: number | undefined;
  // Noted in the log before the client hears it: whoever reads the log after the client is done finds the build there.
  const tellStatus = (status: number) => {
    if (exit !== undefined) return;
    exit = status;
    log(`build ${request.invocation.args.slice(1).join(' ')} in ${line.dir}: exit ${exit}, ${(performance.now() - started).toFixed(0)} ms`);
    send(socket, { exit }, true);
  };
  try {
    process.chdir(line.dir);
    tellStatus(
      await runBuildCommand(argv, pool, {
        invocation: request.invocation,
        terminal: { stdout: stream('out'), stderr: stream('err') },
        warm,
        onStatus: tellStatus,
      }),
    );
  } catch (err) {
    // The server stays up for the next build; this one reports the bug as the CLI would.
    if (exit === undefined) send(socket, { err: internalErrorMessage(err) });
    tellStatus(EXIT_INTERNAL);
  } finally {
    process.chdir(home);
    setEnv('LAYERMAKE_CACHE_DIR', serverCacheDir);
  }
}

function setEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** The one request a connection carries; a connection that sends anything else is closed. */
function readRequest(socket: Socket, onRequest: (request: ServerRequest) => void): void {
  socket.on('error', () => {}); // a client that went away (Ctrl-C) does not stop its build
  let heard = false;
  onJsonLines(socket, (message) => {
    if (heard) return;
    heard = true;
    onRequest(message as ServerRequest);
  });
}

function send(socket: Socket, reply: ServerReply, last = false): void {
  if (socket.destroyed) return;
  socket.write(JSON.stringify(reply) + '\n');
  if (last) socket.end();
}
