// Every linker error, each with a failing case and the passing case its fix makes.
// Inputs are real objects from GNU `as --32`.

import { describe, expect, test } from '@jest/globals';
import { formatDiagnostic } from '../../../src/diagnostics.js';
import type { LinkLayer, LinkModule, LinkRequest } from '../../../src/link/api.js';
import { link } from '../../../src/link/ld/index.js';
import { formatted, gnuAs, layer, module } from './tools.js';

/** A module whose text defines `defines` (global functions) and calls each of `uses`. */
function mod(source: string, defines: string[], uses: string[] = [], extra = ''): LinkModule {
  const lines = ['\t.text'];
  for (const name of defines) lines.push(`\t.globl ${name}`, `${name}:`);
  for (const name of uses) lines.push(`\tcall ${name}`);
  lines.push('\tret', extra, '');
  return module(source, gnuAs(lines.join('\n')));
}

/** Bottom → Mid → Top; Bottom defines the entry and `prim`, Mid `mid_prim`. */
function stack(overrides: { bottom?: Partial<LinkLayer>; mid?: Partial<LinkLayer>; top?: Partial<LinkLayer> } = {}): LinkLayer[] {
  return [
    { ...layer('Bottom', undefined, [mod('boot/bottom.S', ['start', 'prim'])], ['prim']), ...overrides.bottom },
    { ...layer('Mid', 'Bottom', [mod('mid/mid.S', ['mid_prim'], ['prim'])], ['mid_prim']), ...overrides.mid },
    { ...layer('Top', 'Mid', [mod('top/top.S', ['top_fn'], ['mid_prim'])], ['top_fn']), ...overrides.top },
  ];
}

function request(layers: LinkLayer[], extra: Partial<LinkRequest> = {}): LinkRequest {
  return { image: 'test-image', entry: 'start', layers, ...extra };
}

function errorsOf(req: LinkRequest): string {
  const result = link(req);
  expect(result.diagnostics.length > 0).toBe(result.elf === undefined);
  return formatted(result.diagnostics);
}

function expectClean(req: LinkRequest): void {
  const result = link(req);
  expect(formatted(result.diagnostics)).toBe('');
  expect(result.elf).toBeDefined();
}

describe('the base stack links', () => {
  test('with no diagnostics', () => expectClean(request(stack())));
  test('and leaves its input objects untouched (they live in the build cache)', () => {
    const layers = stack();
    const before = layers.flatMap((l) => l.modules.map((m) => Buffer.from(m.object)));
    expectClean(request(layers));
    expect(layers.flatMap((l) => l.modules.map((m) => Buffer.from(m.object)))).toEqual(before);
  });
});

describe('malformed objects are diagnostics naming the module', () => {
  const good = mod('ok.S', ['start']).object;
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['text', new TextEncoder().encode('this is not an object'), /not an ELF object/],
    ['truncated', good.subarray(0, 60), /truncated|outside/],
    ['empty', new Uint8Array(0), /shorter than an ELF header/],
    ['64-bit', gnuAsArch64(), /not a 32-bit ELF object/],
    ['executable', link(request([layer('B', undefined, [mod('b.S', ['start'])])])).elf!, /not a relocatable object/],
  ];
  test.each(cases)('%s', (_label, bytes, pattern) => {
    const out = errorsOf(request([layer('Bottom', undefined, [mod('boot/start.S', ['start']), module('boot/bad.c', bytes)])]));
    expect(out).toMatch(/^boot\/bad\.c: error: cannot link this module's object: /);
    expect(out).toMatch(pattern);
  });
  test('passing: the well-formed object', () => expectClean(request([layer('Bottom', undefined, [module('boot/ok.S', good)])])));
});

function gnuAsArch64(): Uint8Array {
  return gnuAs('\t.text\n\tnop\n', '--64');
}

describe('undefined references', () => {
  test('failing: nothing defines the symbol', () => {
    const out = errorsOf(request(stack({ top: { modules: [mod('top/top.S', ['top_fn'], ['nowhere'])] } })));
    expect(out).toMatch(/^top\/top\.S: error: undefined reference to `nowhere`: no module of the image defines it; fix: define `nowhere` in a module of layer Top, or in Mid and add it to Mid's fresh list/);
  });
  test('passing: a weak reference may stay undefined', () => {
    expectClean(request(stack({ top: { modules: [mod('top/top.S', ['top_fn'], ['nowhere'], '\t.weak nowhere')] } })));
  });
});

describe('symbols defined twice', () => {
  test('failing: two modules of one layer, both named', () => {
    const out = errorsOf(request(stack({ top: { modules: [mod('top/a.S', ['top_fn', 'dup']), mod('top/b.S', ['dup'])] } })));
    expect(out).toContain('top/b.S: error: `dup` is defined twice: in top/a.S (layer Top) and in top/b.S (layer Top)');
    expect(out).toContain('top/a.S: note: first definition of `dup` is here');
  });
  test('failing: two layers', () => {
    const out = errorsOf(request(stack({ top: { modules: [mod('top/top.S', ['top_fn', 'prim'])] } })));
    expect(out).toContain('`prim` is defined twice: in boot/bottom.S (layer Bottom) and in top/top.S (layer Top)');
  });
  test('passing: one definition is weak', () => {
    expectClean(request(stack({ top: { modules: [mod('top/a.S', ['top_fn', 'dup']), mod('top/b.S', ['dup'], [], '\t.weak dup')] } })));
  });
});

describe('a primitive of a lower layer must be passed through', () => {
  test('failing: Top uses Bottom\'s prim, which Mid does not pass through', () => {
    const out = errorsOf(request(stack({ top: { modules: [mod('top/top.S', ['top_fn'], ['prim'])] } })));
    expect(out).toMatch(/^top\/top\.S: error: layer Top uses `prim`, defined in layer Bottom \(boot\/bottom\.S\), which its underlay Mid does not provide; fix: add `prim` to Mid's passthrough list/);
    expect(out).toContain('boot/bottom.S: note: `prim` is defined here');
  });
  test('failing: two layers in between, both named in the fix', () => {
    const layers = stack({ top: { underlay: 'Mid2', modules: [mod('top/top.S', ['top_fn'], ['prim'])] } });
    layers.splice(2, 0, layer('Mid2', 'Mid', [mod('mid2/mid2.S', ['mid2_prim'])], ['mid2_prim']));
    expect(errorsOf(request(layers))).toContain("fix: add `prim` to Mid's passthrough list, and add `prim` to Mid2's passthrough list");
  });
  test('failing: the owner does not even declare it fresh', () => {
    const out = errorsOf(request(stack({
      bottom: { fresh: [] }, mid: { modules: [mod('mid/mid.S', ['mid_prim'])] }, top: { modules: [mod('top/top.S', ['top_fn'], ['prim'])] },
    })));
    expect(out).toContain("fix: add `prim` to Bottom's fresh list, and add `prim` to Mid's passthrough list");
  });
  test('passing: Mid passes it through', () => {
    expectClean(request(stack({ mid: { passThrough: ['prim'] }, top: { modules: [mod('top/top.S', ['top_fn'], ['prim'])] } })));
  });
});

describe('the immediate underlay must provide what is used', () => {
  test('failing: Mid defines helper but does not declare it fresh', () => {
    const out = errorsOf(request(stack({
      mid: { modules: [mod('mid/mid.S', ['mid_prim', 'helper'], ['prim'])] }, top: { modules: [mod('top/top.S', ['top_fn'], ['helper'])] },
    })));
    expect(out).toContain("layer Top uses `helper`, defined in layer Mid (mid/mid.S), which its underlay Mid does not provide; fix: add `helper` to Mid's fresh list");
  });
  test('passing: helper is fresh in Mid', () => {
    expectClean(request(stack({
      mid: { fresh: ['mid_prim', 'helper'], modules: [mod('mid/mid.S', ['mid_prim', 'helper'], ['prim'])] },
      top: { modules: [mod('top/top.S', ['top_fn'], ['helper'])] },
    })));
  });
  test('passing: a module uses a non-primitive symbol of another module of its own layer', () => {
    expectClean(request(stack({ top: { modules: [mod('top/a.S', ['top_fn'], ['local_helper']), mod('top/b.S', ['local_helper'])] } })));
  });
});

describe('no calls upward except declared upcalls', () => {
  const upward = () => stack({ bottom: { modules: [mod('boot/bottom.S', ['start', 'prim'], ['top_fn'])] } });
  test('failing: Bottom calls Top', () => {
    const out = errorsOf(request(upward()));
    expect(out).toContain('boot/bottom.S: error: layer Bottom uses `top_fn`, defined in the higher layer Top (top/top.S): calls upward are not allowed; ' +
      "fix: move the call into Top, or add `top_fn` to the image's upcalls list if it is the boot code's jump into the kernel");
  });
  test('passing: top_fn is an upcall', () => expectClean(request(upward(), { upcalls: ['top_fn'] })));
  test('warning: an upcall nothing defines (a typo in the upcalls list)', () => {
    const result = link(request(stack(), { upcalls: ['kernal_main'] }));
    expect(result.elf).toBeDefined();
    expect(formatted(result.diagnostics)).toBe("warning: upcall `kernal_main` is not defined by any module of image test-image; check its spelling in the image's upcalls list");
  });
});

describe('a weak definition overridden from above is a callback', () => {
  const hooked = () => stack({
    bottom: { modules: [mod('boot/bottom.S', ['start', 'prim'], ['hook']), mod('boot/hook.S', ['hook'], [], '\t.weak hook')] },
    top: { modules: [mod('top/top.S', ['top_fn', 'hook'], ['mid_prim'])] },
  });
  test('failing: Top overrides Bottom\'s weak hook', () => {
    const out = errorsOf(request(hooked()));
    expect(out).toContain('layer Bottom uses `hook`, defined in the higher layer Top (top/top.S): calls upward are not allowed');
  });
  test('passing: the hook is a declared upcall', () => expectClean(request(hooked(), { upcalls: ['hook'] })));
  test('passing: overridden within the same layer', () => {
    expectClean(request(stack({ bottom: { modules: [mod('boot/bottom.S', ['start', 'prim', 'hook']), mod('boot/hook.S', ['hook'], [], '\t.weak hook')] } })));
  });
});

describe('every fresh primitive is defined in its layer', () => {
  test('failing: defined nowhere', () => {
    const out = errorsOf(request(stack({ mid: { fresh: ['mid_prim', 'ghost'] } })));
    expect(out).toContain("mid/mid.S: error: layer Mid declares `ghost` fresh, but no module of the image defines it; fix: define `ghost` in one of Mid's modules (mid/mid.S), or remove it from Mid's fresh list");
  });
  test('failing: defined in another layer', () => {
    const out = errorsOf(request(stack({ mid: { fresh: ['mid_prim', 'prim'] } })));
    expect(out).toContain("layer Mid declares `prim` fresh, but none of its modules (mid/mid.S) defines it; it is defined in layer Bottom (boot/bottom.S); fix: move the definition into a module of Mid, or list `prim` in Mid's passthrough list");
  });
  test('passing: Mid defines it', () => {
    expectClean(request(stack({ mid: { fresh: ['mid_prim', 'ghost'], modules: [mod('mid/mid.S', ['mid_prim', 'ghost'], ['prim'])] } })));
  });
});

describe('a pass-through primitive is provided by the underlay', () => {
  test('failing: the underlay defines but does not provide it', () => {
    const out = errorsOf(request(stack({ bottom: { modules: [mod('boot/bottom.S', ['start', 'prim', 'hidden'])] }, mid: { passThrough: ['hidden'] } })));
    expect(out).toContain("layer Mid passes `hidden` through, but its underlay Bottom does not provide it (it is defined in layer Bottom (boot/bottom.S)); fix: add `hidden` to Bottom's fresh list");
  });
  test('failing: the bottom layer has nothing to pass through', () => {
    const out = errorsOf(request(stack({ bottom: { passThrough: ['prim2'] } })));
    expect(out).toContain('bottom layer Bottom passes `prim2` through, but it has no underlay');
  });
  test('passing: the underlay provides it', () => expectClean(request(stack({ mid: { passThrough: ['prim'] } }))));
});

describe('horizontal composition', () => {
  /** Bottom → Mid → C = [A | B] → Top. */
  function composed(a: Partial<LinkLayer> = {}, b: Partial<LinkLayer> = {}, top: Partial<LinkLayer> = {}): LinkLayer[] {
    const [bottom, mid] = stack();
    return [
      bottom!, mid!,
      { ...layer('A', 'Mid', [mod('a/a.S', ['a_prim'], ['mid_prim'])], ['a_prim']), ...a },
      { ...layer('B', 'Mid', [mod('b/b.S', ['b_prim'], ['mid_prim'])], ['b_prim']), ...b },
      layer('C', 'Mid', [], [], [], ['A', 'B']),
      { ...layer('Top', 'C', [mod('top/top.S', ['top_fn'], ['a_prim', 'b_prim'])], ['top_fn']), ...top },
    ];
  }
  test('passing: the layer above uses both parts through the composition', () => expectClean(request(composed())));
  test('failing: one part uses the other', () => {
    const out = errorsOf(request(composed({ modules: [mod('a/a.S', ['a_prim'], ['b_prim'])] })));
    expect(out).toContain('a/a.S: error: layer A uses `b_prim`, defined in layer B (b/b.S), a side-by-side part of C: horizontal parts may not use each other; fix: move `b_prim` into their common underlay Mid');
  });
  test('failing: both parts provide the same primitive', () => {
    const out = errorsOf(request(composed({}, { fresh: ['b_prim', 'a_prim'] })));
    expect(out).toContain('horizontal parts A and B of C both provide `a_prim` (it is defined in layer A (a/a.S)); fix: remove `a_prim` from the fresh list of one of them, parts must stay disjoint');
  });
  test('failing: a part sits on another underlay', () => {
    const out = errorsOf(request(composed({}, { underlay: 'Bottom', modules: [mod('b/b.S', ['b_prim'], ['prim'])] })));
    expect(out).toContain('part B of composition C sits on Bottom, but the composition sits on Mid; fix: give every part of C the same underlay');
  });
  test('failing: both parts define the same symbol', () => {
    const out = errorsOf(request(composed({}, { modules: [mod('b/b.S', ['b_prim', 'a_prim'])] })));
    expect(out).toContain('`a_prim` is defined twice: in a/a.S (layer A) and in b/b.S (layer B)');
  });
  test('failing: the layer above uses a primitive of the shared underlay no part passes through', () => {
    const out = errorsOf(request(composed({}, {}, { modules: [mod('top/top.S', ['top_fn'], ['a_prim', 'mid_prim'])] })));
    expect(out).toContain("layer Top uses `mid_prim`, defined in layer Mid (mid/mid.S), which its underlay C does not provide; fix: add `mid_prim` to the passthrough list of one of C's parts (A or B)");
  });
  test('failing: a layer above passes through a part\'s symbol the part does not provide', () => {
    const layers = composed({ modules: [mod('a/a.S', ['a_prim', 'a_helper'], ['mid_prim'])] }, {}, { passThrough: ['a_helper'] });
    expect(errorsOf(request(layers))).toContain("layer Top passes `a_helper` through, but its underlay C does not provide it (it is defined in layer A (a/a.S)); fix: add `a_helper` to A's fresh list");
  });
  test('passing: a part passes a primitive of the shared underlay through', () => {
    expectClean(request(composed({ passThrough: ['mid_prim'] }, {}, { modules: [mod('top/top.S', ['top_fn'], ['a_prim', 'mid_prim'])] })));
  });
});

describe('references left by cross-layer inlining', () => {
  const inlined = (primitive: string) =>
    `\t.section .layermake.inlined,"",@progbits\n\t.ascii "${primitive} bottom_table\\n"\n`;
  const withTable = (primitive: string) => stack({
    bottom: { modules: [mod('boot/bottom.S', ['start', 'prim', 'bottom_table'])] },
    mid: { passThrough: ['prim'] },
    top: { modules: [mod('top/top.S', ['top_fn'], ['bottom_table'], inlined(primitive))] },
  });
  test('passing: the inlined primitive is one the module may call', () => expectClean(request(withTable('prim'))));
  test('failing: the recorded primitive is not one the module may call', () => {
    const out = errorsOf(request(withTable('not_callable')));
    expect(out).toContain('layer Top uses `bottom_table`, defined in layer Bottom (boot/bottom.S), which its underlay Mid does not provide');
  });
});

describe('relocations', () => {
  const bottom = (extra: string, uses: string[] = []) => [layer('Bottom', undefined, [
    mod('boot/a.S', ['start'], uses, extra), mod('boot/b.S', ['far'], [], '\t.globl big, small\n\t.set big, 0x1234\n\t.set small, 0x12'),
  ])];
  test('failing: a relocation type a static link cannot resolve', () => {
    const out = errorsOf(request(bottom('\tmovl far@GOTOFF(%ebx), %eax')));
    expect(out).toMatch(/^boot\/a\.S: error: relocation type 9 at \.text\+0x[0-9a-f]+ is not supported by a static link/);
  });
  test('failing: a value that does not fit its field', () => {
    const out = errorsOf(request(bottom('\t.data\n\t.byte big')));
    expect(out).toContain('boot/a.S: error: R_386_8 relocation at .data+0x0 against `big` does not fit in 8 bits (value 4660)');
  });
  test('failing: a short jump too far', () => {
    const out = errorsOf(request(bottom('\tjecxz far\n\t.skip 300')));
    expect(out).toMatch(/R_386_PC8 relocation at \.text\+0x2 against `far` does not fit in 8 bits/);
  });
  test('passing: small values and near jumps', () => expectClean(request(bottom('\tjecxz far\n\t.data\n\t.byte small\n\t.word big'))));
});

describe('the image as a whole', () => {
  test('failing: the entry symbol is not defined', () => {
    expect(errorsOf(request(stack(), { entry: 'nostart' }))).toBe("test-image: error: entry symbol `nostart` is not defined; fix: define it, or name the image's real entry symbol");
  });
  test('failing: an input .multiboot section without a valid header', () => {
    const bad = mod('boot/mb.S', [], [], '\t.section .multiboot,"a"\n\t.long 0x1BADB002, 3, 0');
    const out = errorsOf(request(stack({ bottom: { modules: [bad, mod('boot/bottom.S', ['start', 'prim'])] } })));
    expect(out).toContain('test-image: error: the .multiboot section given by the input does not hold a valid multiboot header');
  });
  test('passing: an input .multiboot section with a valid header replaces the generated one', () => {
    const good = mod('boot/mb.S', [], [], '\t.section .multiboot,"a"\n\t.long 0x1BADB002, 3, -(0x1BADB002 + 3)');
    const result = link(request(stack({ bottom: { modules: [good, mod('boot/bottom.S', ['start', 'prim'])] } })));
    expect(formatted(result.diagnostics)).toBe('');
    const magic = new DataView(result.elf!.buffer).getUint32(0x1000, true);
    expect(magic).toBe(0x1badb002);
  });
  test('failing: a blob symbol clashes with a module symbol', () => {
    const layers = stack({ top: { modules: [mod('top/top.S', ['top_fn', '_binary_logo_start'], ['mid_prim'])] } });
    const out = errorsOf(request(layers, { blobs: [{ name: 'logo', bytes: new Uint8Array(4) }] }));
    expect(out).toContain('blob symbol `_binary_logo_start` is also defined by top/top.S');
  });
  test('passing: blob symbols are visible from every layer', () => {
    const layers = stack({ bottom: { modules: [mod('boot/bottom.S', ['start', 'prim'], ['_binary_logo_start', '_binary_logo_size'])] } });
    expectClean(request(layers, { blobs: [{ name: 'logo', bytes: new Uint8Array(4) }] }));
  });
  test('failing: a load address that is not a 32-bit address', () => {
    expect(errorsOf(request(stack(), { loadAddress: -4096 }))).toContain('load address -4096 is not a 32-bit address');
  });
});

describe('the stack itself', () => {
  test('failing: an underlay missing from the stack', () => {
    expect(errorsOf(request(stack({ top: { underlay: 'Nope' } })))).toContain('layer Top has underlay Nope, which is not in the stack');
  });
  test('failing: a cycle', () => {
    expect(errorsOf(request(stack({ bottom: { underlay: 'Top' } })))).toContain('(the stack has a cycle)');
  });
  test('failing: a composition names a missing part', () => {
    const layers = [...stack(), layer('C', 'Mid', [], [], [], ['Ghost'])];
    expect(errorsOf(request(layers))).toContain('composition C names part Ghost, which is not in the stack');
  });
});

describe('programs', () => {
  const programLayers = () => [layer('ping', undefined, [mod('user/ping.c', ['_start'], ['write']), mod('user/ulib.c', ['write'], ['_start'])])];
  test('passing: a ring-3 program has no layer discipline and no multiboot header', () => {
    const result = link(request(programLayers(), { kind: 'program', entry: '_start' }));
    expect(formatted(result.diagnostics)).toBe('');
    const view = new DataView(result.elf!.buffer);
    expect(view.getUint32(24, true)).toBe(0x40000000); // entry: _start is the first byte of .text
    expect(Buffer.from(result.elf!).indexOf(Buffer.from([0x02, 0xb0, 0xad, 0x1b]))).toBe(-1);
  });
  test('failing: undefined references are still errors', () => {
    const layers = [layer('ping', undefined, [mod('user/ping.c', ['_start'], ['exit'])])];
    expect(errorsOf(request(layers, { kind: 'program', entry: '_start' }))).toContain("user/ping.c: error: undefined reference to `exit`: no module of the image defines it; fix: define `exit` in one of the program's sources");
  });
});

test('diagnostics about objects print as file: error: … (no line, no caret)', () => {
  const result = link(request(stack({ top: { modules: [mod('top/top.S', ['top_fn'], ['nowhere'])] } })));
  expect(formatDiagnostic(result.diagnostics[0]!)).toMatch(/^top\/top\.S: error: undefined reference to `nowhere`/);
});
