// The no-op stamp of `layermake build`: an unchanged project is answered without
// loading it, and every kind of change sends the build down the full path.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { age } from './age.js';

const repo = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');
const cli = join(repo, 'bin', 'layermake.js');
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'layermake-stamp-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function layermake(dir: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The demo tower, built once, then aged so that the next build stamps it. */
function builtProject(name: string): string {
  const dir = join(work, name);
  cpSync(join(repo, 'examples', 'tower'), dir, { recursive: true });
  // A header layermake embeds is read too: it has no file to stat, and must not prevent the stamp.
  const kernel = join(dir, 'kernel', 'kernel.c');
  writeFileSync(kernel, '#include <stdarg.h>\n' + readFileSync(kernel, 'utf8'));
  expect(layermake(dir, 'build').status).toBe(0);
  age(dir);
  const stamping = layermake(dir, 'build');
  expect(stamping.status).toBe(0);
  expect(existsSync(join(dir, '.layermake', 'up-to-date.json'))).toBe(true);
  return dir;
}

const ranJobs = (stdout: string) => Number(/\((\d+) ran, (\d+) cached\)/.exec(stdout)?.[1]);
const image = (dir: string) => readFileSync(join(dir, 'build', 'tower.elf'));

describe('the no-op stamp', () => {
  let dir: string;
  let jobs: number;
  beforeAll(() => {
    dir = builtProject('noop');
    jobs = Number(/\((\d+) ran, (\d+) cached\)/.exec(layermake(dir, 'build').stdout)?.[2]);
  });

  test('an unchanged project is answered from the stamp: it reports every job cached without reading the cache', () => {
    // The full path would have to compile everything again without its cache.
    rmSync(join(dir, '.layermake', 'cache'), { recursive: true });
    const again = layermake(dir, 'build');
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`^layermake: build ok in \\d+\\.\\d\\ds \\(0 ran, ${jobs} cached\\), images up to date\\n$`));
    expect(again.stderr).toBe('');
    expect(existsSync(join(dir, '.layermake', 'cache'))).toBe(false);
  });

  test('an edited source is rebuilt, and that build stamps the edited state', () => {
    const before = image(dir);
    const file = join(dir, 'kernel', 'kernel.c');
    writeFileSync(file, readFileSync(file, 'utf8') + '\nint stamp_probe(void) { return 42; }\n');
    const rebuilt = layermake(dir, 'build');
    expect(rebuilt.status).toBe(0);
    expect(ranJobs(rebuilt.stdout)).toBeGreaterThan(0);
    const edited = image(dir);
    expect(edited).not.toEqual(before);
    rmSync(join(dir, '.layermake', 'cache'), { recursive: true });
    expect(ranJobs(layermake(dir, 'build').stdout)).toBe(0);
    expect(image(dir)).toEqual(edited);
  });

  test('a source whose mtime is not older than the build cannot be trusted: no stamp', () => {
    const project = builtProject('racy');
    // As if written while the build ran: the coarse file clock cannot order it against the build's read.
    const soon = new Date(Date.now() + 2_000);
    utimesSync(join(project, 'kernel', 'kernel.c'), soon, soon);
    expect(layermake(project, 'build').status).toBe(0);
    expect(existsSync(join(project, '.layermake', 'up-to-date.json'))).toBe(false);
  });

  test('a removed image is rebuilt', () => {
    const project = builtProject('removed');
    const before = image(project);
    rmSync(join(project, 'build', 'tower.elf'));
    const rebuilt = layermake(project, 'build');
    expect(rebuilt.status).toBe(0);
    expect(rebuilt.stdout).toContain('build/tower.elf');
    expect(image(project)).toEqual(before);
  });

  test('a new file in a directory the build searched sends the build down the full path', () => {
    const project = builtProject('shadow');
    rmSync(join(project, '.layermake', 'cache'), { recursive: true });
    writeFileSync(join(project, 'include', 'tower', 'new.h'), '/* nothing yet */\n');
    const full = layermake(project, 'build');
    expect(full.status).toBe(0);
    expect(ranJobs(full.stdout)).toBeGreaterThan(0);
  });

  test('another command line is not answered by the stamp of the last one', () => {
    const project = builtProject('other-line');
    rmSync(join(project, '.layermake', 'cache'), { recursive: true });
    const other = layermake(project, 'build', 'tower');
    expect(other.status).toBe(0);
    expect(ranJobs(other.stdout)).toBeGreaterThan(0);
  });

  test('a build that prints per job (--json) never takes the stamp', () => {
    const project = builtProject('json');
    rmSync(join(project, '.layermake', 'cache'), { recursive: true });
    const json = layermake(project, 'build', '--json');
    expect(json.status).toBe(0);
    expect(json.stdout.split('\n').filter((l) => l.includes('"type":"done"')).length).toBeGreaterThan(0);
  });
});
