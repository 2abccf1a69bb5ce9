// The client side of the build server (`layermake server start`): a `build` finds
// the server of its project by a socket named after the project root and this exact
// layermake build, hands it the command line, and relays what the server prints and
// the exit status. With no server (or another layermake's), nothing is sent and the
// build runs in this process as always. Loaded before the CLI: Node built-ins only.

import { existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILD_ID } from '../version.js';
import { readBuildLine, type Invocation } from './buildLine.js';

/** Socket paths are limited to about 100 bytes, so the socket lives in the temporary directory. */
export function serverSocketPath(root: string): string {
  const id = fnv1a64(`${root}\0${BUILD_ID}`);
  return join(tmpdir(), `layermake-${id}.sock`);
}

/** 64-bit FNV-1a: a name, not a secret, and loading node:crypto would cost the client's start ~8 ms. */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return hash.toString(16).padStart(16, '0');
}

/** Client → server, one JSON line. */
export type ServerRequest =
  | {
      kind: 'build';
      invocation: Invocation;
      /** The client's LAYERMAKE_CACHE_DIR: the server builds as the client would. */
      cacheDirEnv?: string;
      stdout: { isTTY: boolean; columns?: number };
    }
  | { kind: 'status' }
  | { kind: 'stop' };

/** Server → client, JSON lines. */
export type ServerReply =
  | { out: string }
  | { err: string }
  | { exit: number }
  | { status: ServerStatus }
  | { stopping: true };

export interface ServerStatus {
  pid: number;
  root: string;
  socket: string;
  startedAt: number;
  builds: number;
  idleMinutes: number;
}

/**
 * Runs this build on the project's server; the exit status, or undefined when there
 * is no server to run it (the caller then builds itself).
 */
export async function buildOnServer(invocation: Invocation): Promise<number | undefined> {
  const line = readBuildLine(invocation);
  if (!line) return undefined;
  const path = serverSocketPath(line.root);
  if (!existsSync(path)) return undefined;
  const request: ServerRequest = {
    kind: 'build',
    invocation,
    cacheDirEnv: process.env.LAYERMAKE_CACHE_DIR,
    stdout: { isTTY: process.stdout.isTTY === true, columns: process.stdout.columns },
  };
  let exit: number | undefined;
  let heard = false;
  await talkToServer(path, request, (reply) => {
    heard = true;
    if ('out' in reply) process.stdout.write(reply.out);
    else if ('err' in reply) process.stderr.write(reply.err);
    else if ('exit' in reply) {
      exit = reply.exit;
      return 'done'; // the last word: no need to wait for the server to close
    }
  });
  if (exit !== undefined) return exit;
  // Builds are atomic, so one the server never started, or dropped silently, can simply run here.
  if (!heard) return undefined;
  // It went away in the middle of printing: say so rather than pretend.
  process.stderr.write('layermake: error: the build server stopped during the build; run it again\n');
  return 1;
}

/**
 * Sends one request and feeds each reply line to `onReply` until the server closes.
 * False when no server answered at all (a stale socket file, a server that died).
 */
export function talkToServer(path: string, request: ServerRequest, onReply: (reply: ServerReply) => void | 'done'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    let connected = false;
    socket.on('connect', () => {
      connected = true;
      socket.write(JSON.stringify(request) + '\n');
    });
    onJsonLines(socket, (message) => {
      if (onReply(message as ServerReply) === 'done') socket.destroy();
    });
    socket.on('error', () => resolve(connected));
    socket.on('close', () => resolve(connected));
  });
}

/**
 * Both ends speak one JSON value per line: calls `onMessage` with each as it arrives.
 * A line that is not JSON is no peer of ours: the connection is dropped.
 */
export function onJsonLines(socket: Socket, onMessage: (message: unknown) => void): void {
  let pending = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    pending += chunk;
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        socket.destroy();
        return;
      }
      onMessage(message);
    }
  });
}
