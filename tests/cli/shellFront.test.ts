// bin/layermake, the sh front of the command: a no-op `build` is answered before Node
// starts, and every change sends the command to Node. Node is replaced on PATH by a
// stand-in that says it ran, so each test sees which side answered.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { age } from './age.js';

const repo = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');
const front = join(repo, 'bin', 'layermake');
let work: string;
let standIn: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'layermake-front-'));
  standIn = join(work, 'fake-node');
  mkdirSync(standIn);
  writeFileSync(join(standIn, 'node'), '#!/bin/sh\necho "node ran: $*"\nexit 99\n');
  chmodSync(join(standIn, 'node'), 0o755);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The front with the real Node on PATH. */
function layermake(dir: string, ...args: string[]) {
  const path = `${dirname(process.execPath)}:${process.env.PATH}`;
  return spawnSync(front, args, { encoding: 'utf8', cwd: dir, env: { ...process.env, PATH: path } });
}

/** The front with a stand-in for Node: status 99 and "node ran" when it went to Node. */
function frontOnly(dir: string, ...args: string[]) {
  return spawnSync(front, args, { encoding: 'utf8', cwd: dir, env: { ...process.env, PATH: `${standIn}:/usr/bin:/bin` } });
}

/** The demo tower, built, aged (edits by a person, not racing the build), and built again to stamp it. */
function stampedProject(name: string): string {
  const dir = join(work, name);
  cpSync(join(repo, 'examples', 'tower'), dir, { recursive: true });
  expect(layermake(dir, 'build').status).toBe(0);
  age(dir);
  expect(layermake(dir, 'build').status).toBe(0);
  return dir;
}

const wentToNode = (result: ReturnType<typeof frontOnly>) => result.status === 99 && result.stdout.startsWith('node ran: ');

describe('the sh front of layermake', () => {
  let dir: string;
  let nodeNoop: string;
  beforeAll(() => {
    dir = stampedProject('front');
    nodeNoop = spawnSync(process.execPath, [join(repo, 'bin', 'layermake.js'), 'build'], { encoding: 'utf8', cwd: dir }).stdout;
    // Node's answer rewrote nothing: stamp again the way a build does.
    age(dir);
    expect(layermake(dir, 'build').status).toBe(0);
  });

  test('an unchanged project is answered without Node, with the line Node prints', () => {
    const answer = frontOnly(dir, 'build');
    expect(answer.status).toBe(0);
    expect(answer.stderr).toBe('');
    expect(answer.stdout.replace(/\d+\.\d\ds/, 'Ts')).toBe(nodeNoop.replace(/\d+\.\d\ds/, 'Ts'));
  });

  test('another command line, or another command, goes to Node', () => {
    expect(wentToNode(frontOnly(dir, 'build', 'tower'))).toBe(true);
    expect(wentToNode(frontOnly(dir, 'build', '-j', '1'))).toBe(true);
    expect(wentToNode(frontOnly(dir, 'check'))).toBe(true);
    expect(frontOnly(dir, 'build').status).toBe(0);
  });

  test('an edited source, a new file beside one, a removed image or a chmod go to Node; a build stamps again', () => {
    const file = join(dir, 'kernel', 'kernel.c');
    const changes: [() => void, () => void][] = [
      [() => writeFileSync(file, readFileSync(file, 'utf8') + '\nint front_probe(void) { return 7; }\n'), () => {}],
      [() => writeFileSync(join(dir, 'kernel', 'new.h'), '#define NEW 1\n'), () => rmSync(join(dir, 'kernel', 'new.h'))],
      [() => rmSync(join(dir, 'build', 'tower.elf')), () => {}],
      [() => chmodSync(join(dir, 'Layerfile'), 0o600), () => {}],
    ];
    for (const [change, undo] of changes) {
      change();
      expect(wentToNode(frontOnly(dir, 'build'))).toBe(true);
      undo();
      age(dir);
      expect(layermake(dir, 'build').status).toBe(0);
      expect(frontOnly(dir, 'build').status).toBe(0);
    }
  });

  test('a failed build leaves no stamp for the front to answer from', () => {
    const file = join(dir, 'kernel', 'kernel.c');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good + '\nint broken(void) { return }\n');
    const failed = layermake(dir, 'build');
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/kernel\.c:\d+:\d+: error: /);
    writeFileSync(file, good);
    age(dir);
    expect(wentToNode(frontOnly(dir, 'build'))).toBe(true);
  });

  test('through a symbolic link, as node_modules/.bin/layermake, it runs the Node command', () => {
    const bin = join(work, 'node_modules', '.bin');
    mkdirSync(bin, { recursive: true });
    symlinkSync(front, join(bin, 'layermake'));
    const path = `${dirname(process.execPath)}:${process.env.PATH}`;
    const version = spawnSync(join(bin, 'layermake'), ['--version'], { encoding: 'utf8', env: { ...process.env, PATH: path } });
    expect(version.status).toBe(0);
    expect(version.stdout).toBe(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version + '\n');
  });

  test('a stamp whose paths are not all absolute is not read: a path could be an expression to find', () => {
    const crafted = join(work, 'crafted');
    mkdirSync(join(crafted, '.layermake'), { recursive: true });
    const written = join(work, 'written-by-find');
    const paths = ['-fprint', written, join(crafted, '.layermake')].join('\0');
    writeFileSync(join(crafted, '.layermake', 'up-to-date.sh'), `layermake up-to-date 1\nbuild\nlayermake: build ok in 0.00s (0 ran, 1 cached), images up to date\n${paths}`);
    expect(wentToNode(frontOnly(crafted, 'build'))).toBe(true);
    expect(existsSync(written)).toBe(false);
  });

  test('a find without -files0-from (BSD, BusyBox, older GNU) gets the paths through xargs, with the same answers', () => {
    const oldFind = join(work, 'old-find');
    mkdirSync(oldFind);
    writeFileSync(join(oldFind, 'find'), '#!/bin/sh\ncase $1 in -files0-from) echo "find: unknown predicate" >&2; exit 1 ;; esac\nexec /usr/bin/find "$@"\n');
    chmodSync(join(oldFind, 'find'), 0o755);
    const viaXargs = (...args: string[]) =>
      spawnSync(front, args, { encoding: 'utf8', cwd: dir, env: { ...process.env, PATH: `${standIn}:${oldFind}:/usr/bin:/bin` } });
    age(dir);
    expect(layermake(dir, 'build').status).toBe(0);
    const answer = viaXargs('build');
    expect(answer.status).toBe(0);
    expect(answer.stdout).toMatch(/^layermake: build ok in \d+\.\d\ds \(0 ran, \d+ cached\), images up to date\n$/);
    const file = join(dir, 'kernel', 'kernel.c');
    writeFileSync(file, readFileSync(file, 'utf8') + '\nint xargs_probe(void) { return 3; }\n');
    expect(wentToNode(viaXargs('build'))).toBe(true);
  });

  test('an edit made the moment a build returns is never taken for a no-op, even with the server stamping after its reply', () => {
    const quick = stampedProject('quick');
    const node = (...args: string[]) => spawnSync(process.execPath, [join(repo, 'bin', 'layermake.js'), ...args], { encoding: 'utf8', cwd: quick });
    expect(node('server', 'start', '--idle-timeout', '2').status).toBe(0);
    try {
      const file = join(quick, 'kernel', 'kernel.c');
      for (let i = 0; i < 20; i++) {
        writeFileSync(file, readFileSync(file, 'utf8') + `\nint quick_probe_${i}(void) { return ${i}; }\n`);
        const result = layermake(quick, 'build');
        expect(result.status).toBe(0);
        expect(result.stdout).toMatch(/\((\d+) ran, \d+ cached\): build\/tower\.elf/);
        expect(Number(/\((\d+) ran/.exec(result.stdout)?.[1])).toBeGreaterThan(0);
      }
    } finally {
      node('server', 'stop');
    }
  });
});
