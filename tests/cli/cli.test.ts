// The built CLI (node scripts/build.mjs, then bin/layermake.js) as a user runs it:
// exit statuses, what check and graph print, and that a broken Layerfile gives
// house-style diagnostics and status 2, never a stack trace.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(repo, 'bin', 'layermake.js');

function layermake(args: string[], options: { cwd?: string; input?: string } = {}) {
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: options.cwd ?? repo, encoding: 'utf8', input: options.input });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const hasDot = spawnSync('sh', ['-c', 'command -v dot']).status === 0;

beforeAll(() => {
  const build = spawnSync(process.execPath, [join(repo, 'scripts', 'build.mjs')], { cwd: repo, encoding: 'utf8' });
  expect(build.status).toBe(0);
});

function brokenProject(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'layermake-cli-'));
  writeFileSync(join(dir, 'Layerfile'), text);
  writeFileSync(join(dir, 'a.c'), '');
  return dir;
}

const BROKEN = 'layers:\n  Boot:\n    modules: [a.c]\n  Mem:\n    underly: Boot\n    modules: [a.c]\n';

describe('layermake CLI', () => {
  test('--help lists the commands and exits 0', () => {
    const r = layermake(['--help']);
    expect(r.status).toBe(0);
    for (const command of ['build', 'watch', 'boot', 'check', 'graph', 'clean']) expect(r.stdout).toContain(`layermake ${command}`);
    expect(r.stdout).toMatch(/-C\s+Change to DIR/);
  });

  test('--version prints the package version', () => {
    const r = layermake(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('0.1.0');
  });

  test("check on the demo tower's Layerfile summarises it and exits 0", () => {
    const r = layermake(['-C', 'examples/tower', 'check']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Layerfile: OK');
    expect(r.stdout).toMatch(/layers\s+7 \(1 horizontal composition\), 8 modules/);
    expect(r.stdout).toMatch(/primitives\s+16 defined \(2 inline\), 10 pass-throughs/);
    expect(r.stdout).toMatch(/images\s+tower \(default\)/);
  });

  test('check --json is one JSON document', () => {
    const r = layermake(['-C', 'examples/tower', 'check', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, layers: 7, images: ['tower'], testImages: ['test-MemInit'] });
  });

  test('-C DIR and -f FILE choose the Layerfile', () => {
    expect(layermake(['-C', 'examples/tower', 'check']).status).toBe(0);
    expect(layermake(['check', '-f', 'examples/tower/Layerfile']).status).toBe(0);
    expect(layermake(['check'], { cwd: join(repo, 'examples', 'tower', 'mm') }).status).toBe(2); // MemInit sits on Console, declared elsewhere
  });

  test('graph prints the tower bottom to top with fresh and pass-through primitives', () => {
    const r = layermake(['-C', 'examples/tower', 'graph']);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Layers, bottom to top (7):');
    expect(lines[1]).toBe('  Boot  (bottom)');
    expect(lines[2]).toMatch(/^\s+fresh\s+outb, inb, serial_init, serial_putc, machine_exit$/);
    expect(r.stdout).toMatch(/MemInit  on Console\n\s+fresh\s+at_get \(inline\), at_set \(inline\), mem_init, mem_npages\n\s+pass-through\s+console_puts, console_putu, console_putx, machine_exit/);
    expect(r.stdout).toContain('Memory = Alloc + Stats  on MemInit');
    expect(r.stdout.indexOf('  Boot')).toBeLessThan(r.stdout.indexOf('  Kernel'));
  });

  (hasDot ? test : test.skip)('graph --format dot renders with Graphviz', () => {
    const r = layermake(['-C', 'examples/tower', 'graph', '--format', 'dot']);
    expect(r.status).toBe(0);
    const svg = spawnSync('dot', ['-Tsvg'], { input: r.stdout, encoding: 'utf8' });
    expect(svg.stderr).toBe('');
    expect(svg.status).toBe(0);
    expect(svg.stdout).toContain('<svg');
    for (const layer of ['Boot', 'Console', 'MemInit', 'Alloc', 'Stats', 'Memory', 'Kernel']) expect(svg.stdout).toContain(`>${layer}</text>`);
  });

  test('graph --format mermaid and json', () => {
    const mermaid = layermake(['-C', 'examples/tower', 'graph', '--format', 'mermaid']);
    expect(mermaid.status).toBe(0);
    expect(mermaid.stdout.split('\n')[0]).toBe('flowchart BT');
    expect(mermaid.stdout).toContain('  Memory --> Kernel');
    const json = layermake(['-C', 'examples/tower', 'graph', '--json']);
    expect(json.status).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.layers.map((l: { name: string }) => l.name)).toEqual(['Boot', 'Console', 'MemInit', 'Alloc', 'Stats', 'Memory', 'Kernel']);
    expect(parsed.images[0].stack).toEqual(['Boot', 'Console', 'MemInit', 'Alloc', 'Stats', 'Memory', 'Kernel']);
  });

  test('graph IMAGE draws one stack; -v adds prototypes and modules', () => {
    const r = layermake(['-C', 'examples/tower', 'graph', 'test-MemInit', '-v']);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('Layers, bottom to top (3):');
    expect(r.stdout).toContain('      fresh         u32 at_get(u32 page)  (inline)');
    expect(r.stdout).toContain('      pass-through  void machine_exit(u32 status)  (from Boot)');
    expect(r.stdout).toContain('      modules       boot/entry.S, boot/io.s, boot/serial.c');
    expect(r.stdout).not.toContain('Kernel');
    const unknown = layermake(['-C', 'examples/tower', 'graph', 'towr']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('layermake: error: no image `towr` (did you mean `tower`?); the images are tower, test-MemInit\n');
  });

  test('a broken Layerfile: house-style diagnostic, status 2, no stack trace', () => {
    const dir = brokenProject(BROKEN);
    for (const command of ['check', 'graph']) {
      const r = layermake(['-C', dir, command]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        [
          "Layerfile:5:5: error: unknown key `underly` in layer 'Mem'; did you mean `underlay`? (allowed: description, underlay, dir, modules, export, import, test, test-expect, provides, cflags, include, compose)",
          ' 5 |     underly: Boot',
          '   |     ^',
          'layermake: 1 error in the Layerfile',
          '',
        ].join('\n'),
      );
    }
  });

  test('a graph error exits 2 too; --json gives diagnostics as JSON lines', () => {
    const dir = brokenProject(BROKEN.replace('underly', 'underlay').replace('underlay: Boot', 'underlay: Bot'));
    const r = layermake(['check', '--json'], { cwd: dir });
    expect(r.status).toBe(2);
    const event = JSON.parse(r.stderr.split('\n')[0]);
    expect(event).toMatchObject({ event: 'diagnostic', severity: 'error', message: "layer 'Mem' sits on unknown layer `Bot`; did you mean `Boot`?", location: { file: 'Layerfile', line: 5, col: 15 } });
  });

  test('usage errors exit 2 with a plain message', () => {
    const unknown = layermake(['chekc']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command `chekc` (did you mean `check`?)');
    const option = layermake(['check', '--frobnicate']);
    expect(option.status).toBe(2);
    expect(option.stderr).toContain('unknown option `--frobnicate`');
    const none = layermake([]);
    expect(none.status).toBe(2);
    const format = layermake(['graph', '--format', 'svg']);
    expect(format.status).toBe(2);
    const badDir = layermake(['-C', '/nonexistent/dir', 'check']);
    expect(badDir.status).toBe(2);
    expect(badDir.stderr).toContain('cannot change to directory /nonexistent/dir');
    for (const r of [unknown, option, none, format, badDir]) expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  test('no Layerfile: status 2 and what to do', () => {
    const dir = mkdtempSync(join(tmpdir(), 'layermake-cli-'));
    const r = layermake(['check'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`no Layerfile in ${dir} (use -f FILE to name the Layerfile, or -C DIR to run in another directory)`);
    expect(layermake(['check', '-f', 'nope.yaml'], { cwd: dir }).stderr).toContain('nope.yaml does not exist');
  });
});
