// The build server: while it runs, `layermake build` runs there, with the same
// output, exit status and image as a build in the client's own process.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');
const cli = join(repo, 'bin', 'layermake.js');
let work: string;
const started: string[] = [];

function layermake(cwd: string, ...args: string[]) {
  return layermakeWith({}, cwd, ...args);
}

/** With these variables set, or removed where undefined. */
function layermakeWith(vars: Record<string, string | undefined>, cwd: string, ...args: string[]) {
  const env = { ...process.env, ...vars };
  for (const [name, value] of Object.entries(vars)) if (value === undefined) delete env[name];
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd, env });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function project(name: string): string {
  const dir = join(work, name);
  cpSync(join(repo, 'examples', 'tower'), dir, { recursive: true });
  return dir;
}

function startServer(dir: string): void {
  const start = layermake(dir, 'server', 'start', '--idle-timeout', '5');
  expect(start.stderr).toBe('');
  expect(start.stdout).toMatch(/^layermake: build server for .* started \(pid \d+\)/);
  started.push(dir);
}

/** The builds the server ran, from its log. */
function served(dir: string): number {
  return readFileSync(join(dir, '.layermake', 'server.log'), 'utf8').split('\n').filter((l) => / build .*: exit \d+/.test(l)).length;
}

const image = (dir: string) => readFileSync(join(dir, 'build', 'tower.elf'));
/** Output lines without times, in order but for the jobs, which finish in whatever order the workers take. */
const comparable = (text: string) => {
  const lines = text.replace(/in \d+\.\d\ds/g, 'in Ns').split('\n');
  const jobs = lines.filter((l) => l.startsWith('[')).map((l) => l.replace(/^\[\d+\//, '[N/')).sort();
  return [...jobs, ...lines.filter((l) => !l.startsWith('['))];
};

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'layermake-server-'));
});
afterAll(() => {
  for (const dir of started) layermake(dir, 'server', 'stop');
  rmSync(work, { recursive: true, force: true });
});

describe('layermake server', () => {
  test('builds run on the server with the output and image of a local build, edits included', () => {
    const local = project('local');
    const remote = project('remote');
    startServer(remote);
    expect(layermake(remote, 'server', 'status').status).toBe(0);

    const here = layermake(local, 'build');
    const there = layermake(remote, 'build');
    expect(there.status).toBe(0);
    expect(comparable(there.stdout)).toEqual(comparable(here.stdout));
    expect(there.stderr).toBe(here.stderr);
    expect(served(remote)).toBe(1);
    expect(image(remote)).toEqual(image(local));

    for (const dir of [local, remote]) {
      const file = join(dir, 'mm', 'MemInit', 'meminit.c');
      writeFileSync(file, readFileSync(file, 'utf8').replace('page_count = npages;', 'page_count = npages + 0 * 7;\n\tpage_count = npages;'));
    }
    const editedHere = layermake(local, 'build');
    const editedThere = layermake(remote, 'build');
    expect(editedThere.status).toBe(0);
    expect(comparable(editedThere.stdout)).toEqual(comparable(editedHere.stdout));
    expect(served(remote)).toBe(2);
    expect(image(remote)).toEqual(image(local));
  });

  test('errors come back in house style, relative to the client, with the exit status', () => {
    const dir = project('errors');
    startServer(dir);
    const file = join(dir, 'console', 'console.c');
    writeFileSync(file, readFileSync(file, 'utf8') + '\nint broken(void) { return undeclared_name; }\n');
    const failed = layermake(join(dir, 'console'), '-C', '..', 'build');
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/^console\/console\.c:\d+:\d+: error: .*undeclared_name/m);
    expect(failed.stderr).toContain('layermake: build failed');
    expect(served(dir)).toBe(1);
    // A Layerfile error is a configuration error (2), and the server stays up for the fix.
    const layerfile = join(dir, 'Layerfile');
    const good = readFileSync(layerfile, 'utf8');
    writeFileSync(layerfile, good.replace('underlay: Boot', 'underlay: Bot'));
    const config = layermake(dir, 'build');
    expect(config.status).toBe(2);
    expect(config.stderr).toMatch(/^Layerfile:\d+:\d+: error: .*Bot/m);
    writeFileSync(layerfile, good);
    writeFileSync(file, readFileSync(file, 'utf8').replace('\nint broken(void) { return undeclared_name; }\n', ''));
    expect(layermake(dir, 'build').status).toBe(0);
    expect(served(dir)).toBe(3);
  });

  test('after `server stop` builds run locally again', () => {
    const dir = project('stop');
    startServer(dir);
    expect(layermake(dir, 'server', 'stop').stdout).toContain('stopped');
    expect(layermake(dir, 'server', 'status').status).toBe(1);
    expect(layermake(dir, 'build').status).toBe(0);
    expect(served(dir)).toBe(0);
  });

  test('a connection that sends garbage is dropped, and the server goes on serving', async () => {
    const dir = project('garbage');
    startServer(dir);
    const socketPath = /socket (\S+)/.exec(layermake(dir, 'server', 'status').stdout)![1];
    await new Promise<void>((resolve) => {
      const socket = connect(socketPath, () => socket.end('this is not json\n'));
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
    expect(layermake(dir, 'server', 'status').status).toBe(0);
    expect(layermake(dir, 'build').status).toBe(0);
    expect(served(dir)).toBe(1);
  });

  test('a server killed with SIGKILL leaves a socket that clients ignore', () => {
    const dir = project('killed');
    startServer(dir);
    const pid = Number(/pid (\d+)/.exec(layermake(dir, 'server', 'status').stdout)?.[1]);
    process.kill(pid, 'SIGKILL');
    const build = layermake(dir, 'build');
    expect(build.status).toBe(0);
    expect(build.stdout).toContain('build ok');
    // and a new server can take its place
    startServer(dir);
    expect(layermake(dir, 'server', 'status').status).toBe(0);
  });

  test('a build with no server starts one for the next build, unless in CI or with LAYERMAKE_SERVER=off', async () => {
    const dir = project('auto');
    const interactive = { CI: undefined, LAYERMAKE_SERVER: undefined };
    expect(layermakeWith({ ...interactive, LAYERMAKE_SERVER: 'off' }, dir, 'build').stderr).toBe('');
    expect(layermakeWith({ ...interactive, CI: 'true' }, dir, 'build', 'tower').stderr).toBe('');
    expect(layermake(dir, 'server', 'status').status).toBe(1);

    const file = join(dir, 'kernel', 'kernel.c');
    writeFileSync(file, readFileSync(file, 'utf8') + '\nint auto_probe(void) { return 1; }\n');
    const first = layermakeWith(interactive, dir, 'build');
    started.push(dir);
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/^layermake: started a build server that keeps this project's next builds warm; it stops after 30 minutes idle/);
    // It comes up in the background; the next build that finds it runs there.
    for (let i = 0; i < 100 && layermake(dir, 'server', 'status').status !== 0; i++) await new Promise((r) => setTimeout(r, 100));
    writeFileSync(file, readFileSync(file, 'utf8') + '\nint auto_probe2(void) { return 2; }\n');
    const second = layermakeWith(interactive, dir, 'build');
    expect(second.status).toBe(0);
    expect(second.stderr).toBe('');
    expect(second.stdout).toMatch(/build ok in .* \(\d+ ran, \d+ cached\): build\/tower\.elf/);
    expect(served(dir)).toBe(1);
  });

  test('`clean --cache` stops the server, whose memory of cache entries would outlive the cache', () => {
    const dir = project('clean');
    startServer(dir);
    expect(layermake(dir, 'build').status).toBe(0);
    const cleaned = layermake(dir, 'clean', '--cache');
    expect(cleaned.status).toBe(0);
    expect(layermake(dir, 'server', 'status').status).toBe(1);
    // The next build is cold: it compiles everything again.
    const rebuilt = layermake(dir, 'build');
    expect(rebuilt.status).toBe(0);
    expect(rebuilt.stdout).toMatch(/build ok in .* \((\d+) ran, 0 cached\)/);
  });

  test('a server whose project was deleted stops on its own', async () => {
    const dir = project('deleted');
    startServer(dir);
    const pid = Number(/pid (\d+)/.exec(layermake(dir, 'server', 'status').stdout)?.[1]);
    expect(pid).toBeGreaterThan(0);
    rmSync(dir, { recursive: true, force: true });
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 300 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive()).toBe(false);
  });
});
