// The queries later stages ask of the graph, on the demo tower in examples/tower.
import { describe, expect, test } from '@jest/globals';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLayerfile } from '../../src/graph/load.js';
import { errors, loadText, SOURCES } from './memoryFs.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const loaded = loadLayerfile(join(repo, 'examples', 'tower', 'Layerfile'), { root: repo });
const graph = loaded.graph!;

describe('the demo tower', () => {
  test('loads with no diagnostics', () => {
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.project!.files.map((f) => f.path.slice(repo.length + 1))).toEqual(['examples/tower/Layerfile', 'examples/tower/mm/Layerfile']);
  });

  test('layers bottom-up: each after its underlay, parts before their composition', () => {
    expect(graph.layersBottomUp()).toEqual(['Boot', 'Console', 'MemInit', 'Alloc', 'Stats', 'Memory', 'Kernel']);
  });

  test('the image stack and the default image', () => {
    expect(loaded.project!.defaultImage).toBe('tower');
    expect(graph.imageStack('tower')).toEqual(['Boot', 'Console', 'MemInit', 'Alloc', 'Stats', 'Memory', 'Kernel']);
    const image = loaded.project!.images.get('tower')!;
    expect(image).toMatchObject({ entry: 'start', upcalls: ['kernel_main'], loadAddress: 0x100000, memory: 32 * 1024 * 1024, programs: ['greeter'] });
    expect(image.boot).toEqual({ expect: 'tower: all tests passed', timeout: 10 });
  });

  test('a module sees its own layer and exactly its immediate underlay', () => {
    const iface = graph.moduleInterface('Alloc');
    expect(iface.layer).toBe('Alloc');
    expect(iface.underlay).toBe('MemInit');
    expect(iface.own.map((p) => p.name)).toEqual(['palloc', 'pfree']);
    expect(iface.underlayPrimitives.map((p) => `${p.name}@${p.definedBy}`)).toEqual([
      'at_get@MemInit',
      'at_set@MemInit',
      'mem_init@MemInit',
      'mem_npages@MemInit',
      'console_puts@Console',
      'console_putu@Console',
      'console_putx@Console',
      'machine_exit@Boot',
    ]);
  });

  test('prototypes come from export.h or the Layerfile, with where they were declared', () => {
    const byName = new Map(graph.moduleInterface('Kernel').underlayPrimitives.map((p) => [p.name, p]));
    expect(byName.get('palloc')).toEqual({
      name: 'palloc',
      definedBy: 'Alloc',
      prototype: 'u32 palloc(void)',
      declaredAt: { file: 'examples/tower/mm/Alloc/export.h', line: 9, col: 5 },
    });
    expect(byName.get('console_putx')).toMatchObject({ prototype: 'void console_putx(u32 value)', declaredAt: { file: 'examples/tower/Layerfile', line: 39, col: 22 } });
    const inlined = graph.moduleInterface('Alloc').underlayPrimitives.filter((p) => p.inline).map((p) => p.name);
    expect(inlined).toEqual(['at_get', 'at_set']);
  });

  test('unreachable primitives say what it would take to reach them', () => {
    const unreachable = new Map(graph.moduleInterface('Kernel').unreachable.map((p) => [p.name, p]));
    expect(unreachable.get('serial_putc')).toEqual({ name: 'serial_putc', definedBy: 'Boot', mustPassThrough: ['Console', 'MemInit', 'Memory'], above: false });
    expect(unreachable.get('at_get')).toEqual({ name: 'at_get', definedBy: 'MemInit', mustPassThrough: ['Memory'], above: false });
    const fromConsole = new Map(graph.moduleInterface('Console').unreachable.map((p) => [p.name, p]));
    expect(fromConsole.get('kernel_main')).toEqual({ name: 'kernel_main', definedBy: 'Kernel', mustPassThrough: [], above: true });
    expect(fromConsole.get('outb')).toBeUndefined(); // Boot's primitives are Console's underlay's
    // Alloc's sibling Stats is neither above nor below it.
    expect(new Map(graph.moduleInterface('Alloc').unreachable.map((p) => [p.name, p])).get('mem_free_count')).toEqual({
      name: 'mem_free_count',
      definedBy: 'Stats',
      mustPassThrough: [],
      above: false,
    });
  });

  test('test images follow docs/layerfile.md', () => {
    const tests = graph.testImages();
    expect(tests.map((t) => t.name)).toEqual(['test-MemInit']);
    const [t] = tests;
    expect(t).toMatchObject({ layer: 'MemInit', top: 'MemInit', basedOn: 'tower', entry: 'start', upcalls: ['kernel_main'], programs: ['greeter'] });
    expect(t.boot).toEqual({ expect: 'MemInit: PASS', timeout: 10 });
    expect(t.test.path).toBe(join(repo, 'examples/tower/mm/MemInit/test.c'));
    expect(graph.imageStack('test-MemInit')).toEqual(['Boot', 'Console', 'MemInit']);
    const iface = graph.testModuleInterface('MemInit');
    expect(iface).toMatchObject({ layer: 'test-MemInit', underlay: 'MemInit', own: [] });
    expect(iface.underlayPrimitives.map((p) => p.name)).toEqual([...graph.provided('MemInit').keys()]);
  });

  test('modules carry their kind and resolved paths; defaults join each layer of their file', () => {
    const boot = graph.layer('Boot');
    expect(boot.modules.map((m) => [m.path.slice(repo.length + 1), m.kind])).toEqual([
      ['examples/tower/boot/entry.S', 'asm-cpp'],
      ['examples/tower/boot/io.s', 'asm'],
      ['examples/tower/boot/serial.c', 'c'],
    ]);
    expect(boot.cflags).toEqual(['-O1']);
    expect(boot.includeDirs).toEqual([join(repo, 'examples/tower/include')]);
    expect(graph.layer('Stats').includeDirs).toEqual([join(repo, 'examples/tower/include')]);
  });
});

describe('affectedBy', () => {
  test('follows the layers on top, and goes further only through pass-throughs and compositions', () => {
    expect(graph.affectedBy('Kernel')).toEqual(['Kernel']);
    expect(graph.affectedBy('Stats')).toEqual(['Stats', 'Memory', 'Kernel']);
    expect(graph.affectedBy('Boot')).toEqual(['Boot', 'Console', 'MemInit', 'Alloc', 'Stats', 'Memory', 'Kernel']);
  });

  test('stops at a layer that passes nothing through', () => {
    const text = `layers:
  A: { modules: [a.c], provides: { fresh: [a] } }
  B: { underlay: A, modules: [b.c], provides: { fresh: [b] } }
  C: { underlay: B, modules: [c.c], provides: { fresh: [c], passthrough: [b] } }
  D: { underlay: C, modules: [d.c] }
`;
    const result = loadText(text, SOURCES);
    expect(errors(result)).toEqual([]);
    expect(result.graph!.affectedBy('A')).toEqual(['A', 'B']);
    expect(result.graph!.affectedBy('B')).toEqual(['B', 'C', 'D']);
  });
});

describe('includes', () => {
  test('resolve relative to the including file, and a diamond joins once', () => {
    const files = {
      ...SOURCES,
      'k/Layerfile': 'include: [../shared/Layerfile]\nlayers:\n  K: { underlay: S, dir: src, modules: [k.c] }\n',
      'k/src/k.c': '',
      'shared/Layerfile': 'layers:\n  S: { modules: [s.c] }\n',
      'shared/s.c': '',
    };
    const result = loadText('include: [k/Layerfile, shared/Layerfile]\nimages:\n  k: { top: K, entry: start }\n', files);
    expect(errors(result)).toEqual([]);
    expect(result.graph!.layersBottomUp()).toEqual(['S', 'K']);
    expect(result.graph!.layer('K').modules[0].path).toBe('/p/k/src/k.c');
  });
});

describe('interfaces without the unreachable list', () => {
  test('are the same contract minus what only words error messages', () => {
    for (const name of graph.layersBottomUp()) {
      const full = graph.moduleInterface(name);
      expect(graph.moduleInterface(name, false)).toEqual({ ...full, unreachable: [] });
    }
    expect(graph.testModuleInterface('MemInit', false)).toEqual({ ...graph.testModuleInterface('MemInit'), unreachable: [] });
  });
});
