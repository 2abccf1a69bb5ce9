// The build engine end to end, through the CLI, on the demo tower built by
// layermake's own compiler, assembler and linker.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');
const cli = join(repo, 'bin', 'layermake.js');
let work: string;

interface JobEvent {
  event: string;
  type?: string;
  job?: string;
}

function layermake(dir: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [cli, '-C', dir, '-f', 'tower/Layerfile', ...args], { encoding: 'utf8', cwd: dir });
  const events = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as JobEvent);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, events };
}

function jobs(events: JobEvent[], type: string): string[] {
  return events.filter((e) => e.event === 'job' && e.type === type).map((e) => e.job!).sort();
}

/** A fresh copy of the demo tower with its own cache. */
function freshProject(name: string): string {
  const dir = join(work, name);
  cpSync(join(repo, 'examples', 'tower'), join(dir, 'tower'), { recursive: true });
  return dir;
}

function image(dir: string): Buffer {
  return readFileSync(join(dir, 'tower', 'build', 'tower.elf'));
}

let reference: Buffer;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'layermake-e2e-'));
  const dir = freshProject('reference');
  const first = layermake(dir, 'build', '--json', '--jobs', '1');
  expect(first.stderr).toBe('');
  expect(first.status).toBe(0);
  reference = image(dir);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('layermake build', () => {
  test('the image is byte-identical whatever the number of workers, and whether outputs came from the cache', () => {
    const dir = freshProject('workers');
    expect(layermake(dir, 'build', '--jobs', '2').status).toBe(0);
    expect(image(dir)).toEqual(reference);
    rmSync(join(dir, 'tower', 'build'), { recursive: true });
    const cached = layermake(dir, 'build', '--json');
    expect(jobs(cached.events, 'done')).toEqual([]);
    expect(image(dir)).toEqual(reference);
  });

  test('a no-op build runs nothing and does not touch the image', () => {
    const dir = freshProject('noop');
    layermake(dir, 'build');
    const before = statSync(join(dir, 'tower', 'build', 'tower.elf')).mtimeMs;
    const again = layermake(dir, 'build', '--json');
    expect(again.status).toBe(0);
    expect(jobs(again.events, 'done')).toEqual([]);
    expect(statSync(join(dir, 'tower', 'build', 'tower.elf')).mtimeMs).toBe(before);
  });

  test('an interface-preserving edit in a low layer recompiles that module only', () => {
    const dir = freshProject('edit');
    layermake(dir, 'build');
    const file = join(dir, 'tower', 'mm', 'MemInit', 'meminit.c');
    writeFileSync(file, readFileSync(file, 'utf8').replace('page_count = npages;', 'page_count = npages + 0 * 7;\n\tpage_count = npages;'));
    const again = layermake(dir, 'build', '--json', '--explain');
    expect(again.status).toBe(0);
    const compiled = jobs(again.events, 'done').filter((j) => j.startsWith('compile'));
    expect(compiled).toEqual(['compile mm/MemInit/meminit.c']);
    expect(again.events.find((e) => e.job === 'compile mm/MemInit/meminit.c' && e.type === 'done')).toMatchObject({ reason: 'source changed' });
  });

  test('early cutoff: a comment-only header edit recompiles includers but assembles and links nothing new', () => {
    const dir = freshProject('cutoff');
    layermake(dir, 'build');
    const header = join(dir, 'tower', 'mm', 'Alloc', 'export.h');
    writeFileSync(header, readFileSync(header, 'utf8') + '/* a comment at the end */\n');
    const again = layermake(dir, 'build', '--json');
    expect(again.status).toBe(0);
    expect(jobs(again.events, 'done').some((j) => j.startsWith('compile'))).toBe(true);
    expect(jobs(again.events, 'done').filter((j) => !j.startsWith('compile'))).toEqual([]);
  });

  test('a compile error fails the build with a house-style diagnostic and exit status 1', () => {
    const dir = freshProject('error');
    const file = join(dir, 'tower', 'mm', 'Stats', 'stats.c');
    writeFileSync(file, readFileSync(file, 'utf8') + '\nint broken(void) { return undeclared_thing; }\n');
    const result = layermake(dir, 'build');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/stats\.c:\d+:\d+: error: .*undeclared_thing/);
    expect(result.stderr).not.toMatch(/\n\s+at .*\.js:\d+/); // no stack trace
  });

  test('two builds at once on one project and cache both succeed with the same image', async () => {
    const dir = freshProject('concurrent');
    const run = () =>
      new Promise<number | null>((done) => {
        const child = spawn(process.execPath, [cli, '-C', dir, '-f', 'tower/Layerfile', 'build'], { stdio: 'ignore' });
        child.on('exit', done);
      });
    expect(await Promise.all([run(), run()])).toEqual([0, 0]);
    expect(image(dir)).toEqual(reference);
  });

  test('builds killed with SIGKILL at arbitrary points leave a state from which the next build is correct', async () => {
    const dir = freshProject('killed');
    let seed = 12345;
    for (let round = 0; round < 4; round++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const child = spawn(process.execPath, [cli, '-C', dir, '-f', 'tower/Layerfile', 'build'], { stdio: 'ignore' });
      const exited = new Promise((r) => child.on('exit', r)); // it may finish before the kill
      await new Promise((r) => setTimeout(r, 50 + (seed % 400)));
      child.kill('SIGKILL');
      await exited;
      if (round === 1) {
        // an edit between killed builds, undone before the last one
        const file = join(dir, 'tower', 'console', 'console.c');
        writeFileSync(file, readFileSync(file, 'utf8') + '\n');
      }
    }
    const file = join(dir, 'tower', 'console', 'console.c');
    writeFileSync(file, readFileSync(join(repo, 'examples', 'tower', 'console', 'console.c')));
    expect(layermake(dir, 'build').status).toBe(0);
    expect(image(dir)).toEqual(reference);
  });
});

describe('layermake watch', () => {
  test('rebuilds after an atomic save, reports a failing save, and recovers on the fix', async () => {
    const dir = freshProject('watch');
    const child = spawn(process.execPath, [cli, '-C', dir, '-f', 'tower/Layerfile', 'watch', 'tower'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const waitFor = async (pattern: RegExp, from: number) => {
      for (let i = 0; i < 600; i++) {
        if (pattern.test(output.slice(from))) return output.length;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out waiting for ${pattern}; output:\n${output}`);
    };
    try {
      // Each save waits for "watching": from then on the watcher sees changes.
      let mark = await waitFor(/build ok[\s\S]*watching/, 0);
      const file = join(dir, 'tower', 'mm', 'Stats', 'stats.c');
      const original = readFileSync(file, 'utf8');
      const atomicSave = (text: string) => {
        writeFileSync(file + '.swp', text);
        renameSync(file + '.swp', file);
      };
      atomicSave(original.replace(/return /, 'return 0 + '));
      mark = await waitFor(/stats\.c changed[\s\S]*build ok[\s\S]*watching/, mark);
      atomicSave(original + '\nint broken(void) { return nope; }\n');
      mark = await waitFor(/error: [\s\S]*build failed[\s\S]*watching/, mark);
      atomicSave(original);
      await waitFor(/build ok/, mark);
      expect(image(dir)).toEqual(reference);
    } finally {
      child.kill('SIGINT');
    }
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(0);
  });
});
