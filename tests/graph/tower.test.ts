// The demo tower is real: built from the graph's own answers (stack, modules,
// flags, include directories) with gcc -m32 and GNU binutils, it boots in QEMU
// and prints its boot expectation; and every module's undefined symbols, as nm
// reports them, are within the interface the graph says it compiles against.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLayerfile } from '../../src/graph/load.js';
import type { LayerGraph } from '../../src/graph/layerGraph.js';
import type { Image, Module } from '../../src/graph/model.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const have = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const oracles = have('gcc') && have('ld') && have('nm') && have('objcopy') && have('qemu-system-i386');
if (!oracles) console.warn('tower.test: gcc -m32, binutils or qemu-system-i386 missing: skipped (.ci/run installs them)');

const { graph } = loadLayerfile(join(repo, 'examples', 'tower', 'Layerfile'), { root: repo });

const CFLAGS = ['-m32', '-ffreestanding', '-fno-pic', '-fno-pie', '-nostdinc', '-fno-stack-protector', '-fno-builtin', '-std=c99', '-Wall', '-Werror'];

const compiled = new Map<string, string>();

/** Compiles (or assembles) one module once per run; the object's path. */
function compile(module: Module, flags: string[], includeDirs: string[], out: string): string {
  const done = compiled.get(module.path);
  if (done) return done;
  const object = join(out, `${basename(dirname(module.path))}-${basename(module.path)}.o`);
  compiled.set(module.path, object);
  if (module.kind === 'asm') execFileSync('as', ['--32', module.path, '-o', object]);
  else execFileSync('gcc', [...CFLAGS, ...flags, ...includeDirs.map((d) => `-I${d}`), `-I${dirname(module.path)}`, '-c', module.path, '-o', object]);
  return object;
}

/** Links the image with GNU ld: the multiboot header first, at the load address. */
function link(g: LayerGraph, image: Image, extra: Module[], out: string): string {
  const objects: string[] = [];
  for (const name of g.imageStack(image.name)) {
    const layer = g.layer(name);
    for (const m of layer.modules) objects.push(compile(m, layer.cflags, layer.includeDirs, out));
  }
  const top = g.layer(image.top);
  for (const m of extra) objects.push(compile(m, top.cflags, top.includeDirs, out));
  for (const name of image.programs) {
    const program = g.project.programs.get(name)!;
    const programObjects = program.sources.map((s) => compile(s, program.cflags, program.includeDirs, out));
    const elf = join(out, `${name}.elf`);
    execFileSync('ld', ['-m', 'elf_i386', '-Ttext', `0x${program.loadAddress.toString(16)}`, '-e', program.entry, ...programObjects, '-o', elf]);
    execFileSync('objcopy', ['-O', 'binary', elf, join(out, name)]);
    execFileSync('ld', ['-m', 'elf_i386', '-r', '-b', 'binary', name, '-o', `${name}.blob.o`], { cwd: out });
    objects.push(join(out, `${name}.blob.o`));
  }
  const script = join(out, 'link.ld');
  writeFileSync(
    script,
    `ENTRY(${image.entry})\nSECTIONS {\n  . = 0x${image.loadAddress.toString(16)};\n  .text : { *(.multiboot) *(.text*) }\n  .rodata : { *(.rodata*) }\n  .data : { *(.data*) }\n  .bss : { *(.bss*) *(COMMON) }\n}\n`,
  );
  const elf = join(out, `${image.name}.elf`);
  execFileSync('ld', ['-m', 'elf_i386', '--no-warn-rwx-segments', '-T', script, ...objects, '-o', elf], { stdio: 'pipe' });
  return elf;
}

const symbolLists = new Map<string, string[]>();

function symbols(which: string, object: string): string[] {
  const key = `${which} ${object}`;
  if (!symbolLists.has(key)) symbolLists.set(key, execFileSync('nm', [which, '--format=just-symbols', object], { encoding: 'utf8' }).split('\n').filter(Boolean));
  return symbolLists.get(key)!;
}

function boot(elf: string, timeoutSeconds: number): { serial: string; status: number | null } {
  const run = spawnSync(
    'qemu-system-i386',
    ['-kernel', elf, '-serial', 'stdio', '-display', 'none', '-monitor', 'none', '-no-reboot', '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04'],
    { timeout: timeoutSeconds * 1000, encoding: 'utf8' },
  );
  return { serial: run.stdout, status: run.status };
}

(oracles ? describe : describe.skip)('the demo tower on real tools', () => {
  let out = '';
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'tower-'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test('the tower image boots in QEMU and meets its boot expectation', () => {
    {
      const image = graph!.project.images.get('tower')!;
      const { serial, status } = boot(link(graph!, image, [], out), image.boot!.timeout * 3);
      expect(serial).toMatch(new RegExp(image.boot!.expect));
      expect(serial).toContain('tower: program greeter embedded');
      expect(status).toBe((0 << 1) | 1); // machine_exit(0) through isa-debug-exit
    }
  });

  test("MemInit's test image boots and passes", () => {
    {
      const image = graph!.testImages().find((t) => t.name === 'test-MemInit')!;
      const { serial, status } = boot(link(graph!, image, [image.test], out), image.boot!.timeout * 3);
      expect(serial).toMatch(new RegExp(image.boot!.expect));
      expect(status).toBe(1);
    }
  });

  test("each module calls only its own layer's and its immediate underlay's primitives", () => {
    {
      const image = graph!.project.images.get('tower')!;
      const checked: string[] = [];
      for (const name of graph!.layersBottomUp()) {
        const layer = graph!.layer(name);
        const iface = graph!.moduleInterface(name);
        // Symbols a module may reference: its layer's own (defined or not), its underlay's, the upcalls, embedded programs.
        const allowed = new Set([...iface.own, ...iface.underlayPrimitives].map((p) => p.name));
        for (const m of layer.modules) {
          const object = compile(m, layer.cflags, layer.includeDirs, out);
          const undefinedSymbols = symbols('--undefined-only', object);
          const siblings = layer.modules.filter((x) => x !== m).map((x) => compile(x, layer.cflags, layer.includeDirs, out));
          const definedHere = new Set(siblings.flatMap((o) => symbols('--defined-only', o)));
          const outside = undefinedSymbols.filter(
            (s) => !allowed.has(s) && !definedHere.has(s) && !image.upcalls.includes(s) && !/^_binary_\w+_(start|end)$/.test(s) && !s.startsWith('_GLOBAL_OFFSET_TABLE_'),
          );
          expect({ module: m.path, outside }).toEqual({ module: m.path, outside: [] });
          checked.push(basename(m.path));
        }
      }
      expect(checked.length).toBe(8);
    }
  });
});
